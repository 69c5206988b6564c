"""Dependency schemes: rewrite a ClearNLP-style parse (spaCy's English models) into the
Universal Dependencies shape the extractor reads (spaCy's French models' scheme).

The extractor is written once, against UD: the noun a preposition introduces hangs on the
verb or noun (`obl`/`nmod`) and the preposition on it (`case`); a passive agent is
`obl:agent`; objects are `obj`. English models attach the preposition to the verb and the
noun to the preposition (`prep` → `pobj`). This component, run after the parser, moves
those arcs — spaCy lets a pipeline component reassign heads and labels — so that a language
is data plus a model, with no extraction code of its own.
"""

from __future__ import annotations

from typing import Any

# Plain relabellings (ClearNLP → UD).
_LABELS = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "relcl": "acl:relcl",
    "poss": "nmod:poss",
    "npadvmod": "obl:mod",
    "dative": "iobj",
    "neg": "advmod",
    "pcomp": "xcomp",
    "oprd": "xcomp",
    "acomp": "xcomp",  # "is about to restore": the subject reaches "restore" through it
}
_NOMINAL_HEADS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_OBJECT_LABELS = frozenset({"pobj", "pcomp"})


def clear_to_ud(doc: Any) -> Any:
    """Rewrite `doc`'s arcs in place from ClearNLP labels to UD; returns `doc`."""
    # Prepositions first, innermost last, so chains ("according to the Observatory") settle.
    preps = [t for t in doc if t.dep_ in {"prep", "agent"}]
    for prep in preps:
        objects = [c for c in prep.children if c.dep_ in _OBJECT_LABELS]
        if not objects:
            continue
        obj = objects[0]
        head = prep.head
        if head.i == prep.i:  # a preposition as root: nothing to hang the object on
            continue
        passive_agent = prep.dep_ == "agent"
        # A preposition under a preposition ("according to"): the object climbs to the
        # outer one's head, and both words become its case markers.
        outer = head if head.dep_ in {"prep", "agent"} and head.i != head.head.i else None
        anchor = outer.head if outer is not None else head
        obj.head = anchor
        if passive_agent:
            obj.dep_ = "obl:agent"
        elif anchor.pos_ in _NOMINAL_HEADS:
            obj.dep_ = "nmod"
        else:
            obj.dep_ = "obl"
        prep.head = obj
        prep.dep_ = "case" if obj.dep_ != "xcomp" else "mark"
        if outer is not None:
            outer.head = obj
            outer.dep_ = "case"
    for token in doc:
        label = token.dep_
        if label == "neg":
            token.set_morph(_with_feature(str(token.morph), "Polarity=Neg"))
        if label in _LABELS:
            token.dep_ = _LABELS[label]
        elif label == "compound" and token.pos_ == "PROPN" and token.head.pos_ == "PROPN":
            token.dep_ = "flat:name"
    return doc


def _with_feature(morph: str, feature: str) -> str:
    parts = [p for p in morph.split("|") if p]
    if feature not in parts:
        parts.append(feature)
    return "|".join(sorted(parts))
