"""Past one process: the same pipeline on worker processes or on a Dask cluster.

`Pipeline.run(..., engine=...)` hands batches of documents to an engine and stores what comes
back, in input order, in its own process (so any store works, SQLite included, and the
result is the store a single process would have written). Engines:

* `Processes(settings, n)` — n worker processes on this machine (`chronique run --workers N`);
* `DaskCluster(address, settings)` — the workers of a Dask distributed cluster
  (`chronique run --cluster tcp://host:8786`).

Each worker builds the pipeline once — model, language packs, gazetteer — and keeps it for
every batch it codes. No scheduler or queue of our own: a process pool from the standard
library, Dask's scheduler past one machine.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, Protocol

from chronique.errors import ChroniqueError
from chronique.records import Document, Rejection
from chronique.settings import Settings

if TYPE_CHECKING:
    from chronique.pipeline import Coded, Pipeline

Results = list["Coded | Rejection"]

# One pipeline per worker process, per settings: built on the first batch (or by `warm`).
_PIPELINES: dict[Settings, Pipeline] = {}
# spaCy does not promise that one pipeline is safe to share between threads, and a Dask
# worker may run several tasks at once on its threads: they take turns on the pipeline.
_LOCK = threading.Lock()


class ScaleError(ChroniqueError):
    """Workers could not be started, or the cluster could not be reached."""


def worker_pipeline(settings: Settings) -> Pipeline:
    """This process's pipeline for `settings`, with its default language loaded."""
    with _LOCK:
        pipeline = _PIPELINES.get(settings)
        if pipeline is None:
            from chronique.pipeline import Pipeline

            pipeline = Pipeline(settings)
            # Load the model now, not inside the first batch, so that workers start ready.
            pipeline.warm(settings.default_language)
            _PIPELINES[settings] = pipeline
        return pipeline


def code_batch(settings: Settings, documents: list[Document]) -> Results:
    """The task a worker runs: code one batch with its process's pipeline."""
    pipeline = worker_pipeline(settings)
    with _LOCK:
        return pipeline.code_many(documents)


def _ready(settings: Settings) -> int:
    worker_pipeline(settings)
    return os.getpid()


class _Pending(Protocol):
    def result(self) -> Results: ...


class _Done:
    """An already-known result, in the same queue as the pending ones."""

    def __init__(self, value: Results) -> None:
        self.value = value

    def result(self) -> Results:
        return self.value


def ordered(
    submit: Callable[[list[Document]], _Pending],
    batches: Iterable[list[Document]],
    window: int,
) -> Iterator[Results]:
    """Submit batches ahead, at most `window` at a time; yield their results in order.

    The window keeps every worker busy while the caller stores, without reading the whole
    input (or planning batches against a store that has not caught up) far ahead.
    """
    pending: deque[_Pending] = deque()
    for batch in batches:
        pending.append(submit(batch) if batch else _Done([]))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _limit_threads() -> None:
    # One worker per core: a BLAS or OpenMP pool inside each worker would only fight the
    # other workers for the same cores.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(name, "1")


_BARRIER: Any = None


def _init_worker(settings: Settings, barrier: Any) -> None:
    from chronique.heap import freeze_loaded

    global _BARRIER
    _BARRIER = barrier
    _limit_threads()
    worker_pipeline(settings)
    freeze_loaded()  # this process is ours: its pipeline stays loaded until it ends


def _all_ready() -> int:
    # Returns only once every worker runs one of these at the same time: proof that each
    # one has started and loaded its pipeline (its initializer ran before any task).
    _BARRIER.wait(timeout=600)
    return os.getpid()


class Processes:
    """`workers` processes on this machine, each with its own pipeline.

    Processes are spawned (not forked): a fork of a parent that runs threads (a progress
    bar, a database driver) can deadlock, and spawning costs only the model load, which a
    worker does once.
    """

    def __init__(self, settings: Settings, workers: int, window: int | None = None) -> None:
        if workers < 1:
            raise ScaleError(f"--workers must be at least 1, not {workers}")
        self.settings = settings
        self.workers = workers
        self.window = window or 2 * workers
        context = get_context("spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(settings, context.Barrier(workers)),
        )

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def warm(self) -> set[int]:
        """Start every worker, wait until each has loaded its pipeline; their process ids.

        Optional (the first batches would start them), but it keeps model loading out of
        a measurement, and reports a worker that cannot start before any work is sent.
        """
        futures = [self.pool.submit(_all_ready) for _ in range(self.workers)]
        try:
            return {future.result() for future in futures}
        except Exception as exc:
            raise ScaleError(f"worker processes failed to start: {exc}") from exc

    def _submit(self, batch: list[Document]) -> Future[Results]:
        return self.pool.submit(code_batch, self.settings, batch)

    def map(self, batches: Iterable[list[Document]]) -> Iterator[Results]:
        return ordered(self._submit, batches, self.window)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """The workers of a Dask distributed cluster, from its scheduler's address.

    Give each worker one thread per process (`dask worker ADDRESS --nthreads 1 --nworkers N`):
    the threads of one worker process share a pipeline and take turns on it. The workers
    need Chronique installed, in the same version, and the files named by the settings
    (actor dictionaries); the documents themselves travel with the tasks.
    """

    def __init__(
        self, address: Any, settings: Settings, window: int | None = None, timeout: str = "30s"
    ) -> None:
        import distributed

        self.settings = settings
        # Typed as Any: distributed's Client methods carry no annotations (mypy --strict).
        client_class: Any = distributed.Client
        try:
            self.client: Any = client_class(address, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            # Every worker builds its pipeline now, in parallel, before the first batch.
            loaded = self.client.run(_ready, settings)
        except Exception as exc:
            self.client.close()
            raise ScaleError(f"Dask workers could not load the pipeline: {exc}") from exc
        if not loaded:
            self.client.close()
            raise ScaleError(f"the Dask cluster at {address} has no workers")
        threads = sum(self.client.nthreads().values())
        self.window = window or 2 * max(threads, 1)

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self, batch: list[Document]) -> _Pending:
        # pure=False: two equal batches (a rerun) are still coded, not served from a cache.
        future: _Pending = self.client.submit(code_batch, self.settings, batch, pure=False)
        return future

    def map(self, batches: Iterable[list[Document]]) -> Iterator[Results]:
        return ordered(self._submit, batches, self.window)

    def close(self) -> None:
        self.client.close()
