"""The geoparsing gold's paragraphs and annotations (see build_gold.py for the format).

Written by the Chronique team: fictional reports in wire-news style, no real article's
sentences. TEST is held out: we read its scores, never tune on its texts.
"""

from __future__ import annotations

from typing import Any

DEV: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ French
    {
        "id": "geo-dev-fr-01",
        "language": "fr",
        "text": "Des frappes aériennes ont visé jeudi Maaret al-Noomane et Kafranbel, dans la "
        "province d'Idleb, tuant au moins neuf civils, selon l'Observatoire syrien des droits "
        "de l'homme. Des habitants de Saraqeb ont fui vers la frontière turque, près du poste "
        "de Bab al-Hawa.",
        "places": [
            ("Maaret al-Noomane", 167611),
            ("Kafranbel", 168661),
            ("Idleb", "R:Idlib Governorate"),
            ("Saraqeb", 164816),
            ("Bab al-Hawa", "?"),
        ],
    },
    {
        "id": "geo-dev-fr-02",
        "language": "fr",
        "text": "L'armée syrienne a repris le contrôle de Khan Cheikhoun après trois jours de "
        "combats, a annoncé la télévision d'Etat. À Damas, le ministère de la Défense a affirmé "
        "que les rebelles s'étaient repliés vers le nord, en direction de Maarat Misrine.",
        "places": [
            ("Khan Cheikhoun", 168325),
            ("Damas", 170654),
            ("Maarat Misrine", 167605),
        ],
    },
    {
        "id": "geo-dev-fr-03",
        "language": "fr",
        "text": "Un attentat à la voiture piégée a fait douze morts samedi sur un marché de Sadr "
        "City, dans l'est de Bagdad. Plus au nord, à Kirkouk, la police a arrêté deux suspects. "
        "Le gouvernement irakien a accusé une cellule jihadiste opérant depuis la province de "
        "Diyala.",
        "places": [
            ("Sadr City", 7802746),
            ("Bagdad", 98182),
            ("Kirkouk", 94787),
            ("Diyala", "R:Diyala Governorate"),
        ],
    },
    {
        "id": "geo-dev-fr-04",
        "language": "fr",
        "text": "Les rebelles houthis ont revendiqué une attaque de drones contre l'aéroport "
        "d'Aden, tandis que des affrontements se poursuivaient autour de Marib. À Sanaa, des "
        "milliers de personnes ont manifesté. La coalition menée par l'Arabie saoudite a dit "
        "avoir intercepté deux missiles au-dessus de Jizan.",
        "places": [
            ("Aden", 415189),
            ("Marib", 72968),
            ("Sanaa", 71137),
            ("Arabie saoudite", "C:SAU"),
            ("Jizan", 105299),
        ],
    },
    {
        "id": "geo-dev-fr-05",
        "language": "fr",
        "text": "Une embuscade a coûté la vie à six soldats maliens entre Gao et Ménaka, dans "
        "le nord-est du Mali. L'attaque n'a pas été revendiquée. Dans la région de Mopti, des "
        "villageois de Bandiagara ont signalé des incendies de greniers.",
        "places": [
            ("Gao", 2457163),
            ("Ménaka", 2453514),
            ("Mali", "C:MLI"),
            ("Mopti", "R:Mopti Region"),
            ("Bandiagara", 2460489),
        ],
    },
    {
        "id": "geo-dev-fr-06",
        "language": "fr",
        "text": "Au Burkina Faso, des hommes armés ont attaqué dimanche un détachement militaire "
        "à Djibo, chef-lieu de la province du Soum. Des renforts ont été envoyés depuis "
        "Ouagadougou et Kaya, a indiqué l'état-major.",
        "places": [
            ("Burkina Faso", "C:BFA"),
            ("Djibo", 2361177),
            ("Soum", "R:Soum Province"),
            ("Ouagadougou", 2357048),
            ("Kaya", 2359608),
        ],
    },
    {
        "id": "geo-dev-fr-07",
        "language": "fr",
        "text": "Dans l'ouest du Niger, près de la frontière malienne, une patrouille a été "
        "prise pour cible à Tillabéri. Niamey a décrété trois jours de deuil national.",
        "places": [
            ("Niger", "C:NER"),
            ("Tillabéri", 2438678),
            ("Niamey", "?"),
        ],
    },
    {
        "id": "geo-dev-fr-08",
        "language": "fr",
        "text": "Les Forces de soutien rapide ont pris le contrôle de Wad Madani, chef-lieu de "
        "l'Etat d'Al-Jazira, selon des témoins. À Khartoum et à Omdurman, les bombardements se "
        "sont intensifiés, tandis qu'au Darfour-Nord, la ville d'El Fasher reste assiégée.",
        "places": [
            ("Wad Madani", 364103),
            ("Al-Jazira", "R:Gezira"),
            ("Khartoum", 379252),
            ("Omdurman", 365137),
            ("Darfour-Nord", "R:North Darfur"),
            ("El Fasher", 379555),
        ],
    },
    {
        "id": "geo-dev-fr-09",
        "language": "fr",
        "text": "L'armée russe a bombardé dans la nuit le port d'Odessa et la ville de "
        "Mykolaïv, a indiqué l'administration régionale. Dans l'est de l'Ukraine, les combats "
        "se concentrent autour de Bakhmout et d'Avdiïvka, dans l'oblast de Donetsk.",
        "places": [
            ("Odessa", 698740),
            ("Mykolaïv", 700569),
            ("Ukraine", "C:UKR"),
            ("Bakhmout", 713174),
            ("Avdiïvka", 713122),
            ("Donetsk", "R:Donetsk Oblast"),
        ],
    },
    {
        "id": "geo-dev-fr-10",
        "language": "fr",
        "text": "Des frappes israéliennes ont touché mardi plusieurs localités du Liban-Sud, "
        "dont Bint Jbeil et Marjayoun, a rapporté l'agence nationale d'information. À "
        "Beyrouth, le Premier ministre a appelé à un cessez-le-feu. L'armée israélienne a "
        "affirmé avoir visé des positions du Hezbollah près de Tyr.",
        "places": [
            ("Liban-Sud", "R:South Lebanon"),
            ("Bint Jbeil", 276592),
            ("Marjayoun", 271226),
            ("Beyrouth", 276781),
            ("Tyr", 267008),
        ],
    },
    {
        "id": "geo-dev-fr-11",
        "language": "fr",
        "text": "Les forces américaines ont mené une frappe près d'Albou Kamal, à la frontière "
        "irako-syrienne, contre des milices soutenues par l'Iran. Washington a justifié "
        "l'opération par des attaques contre ses troupes à Al-Tanf et en Irak.",
        "places": [
            ("Albou Kamal", 174448),
            ("Iran", "C:IRN"),
            ("Washington", "?"),
            ("Al-Tanf", "?"),
            ("Irak", "C:IRQ"),
        ],
    },
    {
        "id": "geo-dev-fr-12",
        "language": "fr",
        "text": "À Tripoli, des affrontements entre groupes armés rivaux ont éclaté dans le "
        "quartier de Souq al-Joumaa. Le gouvernement basé à Benghazi a dénoncé une escalade, "
        "tandis que la mission de l'ONU en Libye appelait au calme.",
        "places": [
            ("Tripoli", 2210247),
            ("Souq al-Joumaa", "?"),
            ("Benghazi", 88319),
            ("Libye", "C:LBY"),
        ],
    },
    {
        "id": "geo-dev-fr-13",
        "language": "fr",
        "text": "Un kamikaze s'est fait exploser devant une mosquée de Kunduz pendant la prière "
        "du vendredi. Les talibans ont promis de retrouver les responsables. Une attaque "
        "semblable avait visé Kandahar la semaine précédente, et la province de Nangarhar "
        "reste le bastion de la branche afghane de l'Etat islamique.",
        "places": [
            ("Kunduz", 1135689),
            ("Kandahar", 1138336),
            ("Nangarhar", "R:Nangarhar"),
        ],
    },
    {
        "id": "geo-dev-fr-14",
        "language": "fr",
        "text": "Les shebab ont attaqué une base de l'armée somalienne à Bulo Burde, dans la "
        "région du Moyen-Shabelle, selon un responsable local. À Mogadiscio, une voiture "
        "piégée a explosé près de l'aéroport.",
        "places": [
            ("Bulo Burde", 63689),
            ("Moyen-Shabelle", "R:Middle Shabelle"),
            ("Mogadiscio", 53654),
        ],
    },
    {
        "id": "geo-dev-fr-15",
        "language": "fr",
        "text": "Boko Haram a enlevé une vingtaine d'élèves dans un village proche de "
        "Maiduguri, la capitale de l'Etat de Borno, dans le nord-est du Nigeria. L'armée a "
        "lancé une opération de recherche vers Bama et Gwoza.",
        "places": [
            ("Maiduguri", 2331447),
            ("Borno", "R:Borno State"),
            ("Nigeria", "C:NGA"),
            ("Bama", 2347954),
            ("Gwoza", 2339665),
        ],
    },
    {
        "id": "geo-dev-fr-16",
        "language": "fr",
        "text": "Dans l'est de la République démocratique du Congo, les rebelles du M23 se sont "
        "emparés de Rutshuru, dans le Nord-Kivu, à une soixantaine de kilomètres de Goma. "
        "Kinshasa accuse le Rwanda de soutenir l'offensive.",
        "places": [
            ("République démocratique du Congo", "C:COD"),
            ("Rutshuru", 206047),
            ("Nord-Kivu", "R:North Kivu"),
            ("Goma", 216281),
            ("Kinshasa", "?"),
            ("Rwanda", "C:RWA"),
        ],
    },
    {
        "id": "geo-dev-fr-17",
        "language": "fr",
        "text": "Des drones turcs ont frappé mercredi des installations pétrolières près de "
        "Qamichli et de Derik, dans le nord-est syrien, a rapporté l'administration autonome "
        "kurde. Ankara affirme ne viser que des combattants du PKK.",
        "places": [
            ("Qamichli", 173377),
            ("Derik", 173530),
            ("Ankara", "?"),
        ],
    },
    {
        "id": "geo-dev-fr-18",
        "language": "fr",
        "text": "L'armée israélienne a mené des frappes sur Khan Younès et Rafah, dans le sud "
        "de la bande de Gaza, selon le ministère de la Santé du Hamas. En Cisjordanie, un raid "
        "à Jénine a fait trois morts.",
        "places": [
            ("Khan Younès", 281124),
            ("Rafah", 281102),
            ("bande de Gaza", "R:Gaza Strip"),
            ("Cisjordanie", "R:West Bank"),
            ("Jénine", 283506),
        ],
    },
    {
        "id": "geo-dev-fr-19",
        "language": "fr",
        "text": "Damas a démenti toute implication dans l'attaque. Selon l'OSDH, les "
        "bombardements ont visé des quartiers périphériques de Damais et la Ghouta orientale, "
        "à une dizaine de kilomètres du centre.",
        "places": [
            ("Damas", "?"),
            ("Damais", 170654),
            ("Ghouta orientale", "R:Rif Dimashq"),
        ],
    },
    {
        "id": "geo-dev-fr-20",
        "language": "fr",
        "text": "À Mossoul, des équipes de déminage ont retrouvé des engins explosifs dans la "
        "vieille ville. Les autorités de la province de Ninive craignent de nouvelles attaques "
        "dans le désert entre Tal Afar et Sinjar, près de la frontière syrienne.",
        "places": [
            ("Mossoul", 99072),
            ("Ninive", "R:Nineveh Governorate"),
            ("Tal Afar", 90393),
            ("Sinjar", 448149),
        ],
    },
    {
        "id": "geo-dev-fr-21",
        "language": "fr",
        "text": "Des combats opposent depuis lundi l'armée éthiopienne à des milices dans la "
        "région Amhara, notamment autour de Gondar et de Bahir Dar. Addis-Abeba a imposé l'état "
        "d'urgence dans toute la région.",
        "places": [
            ("Amhara", "R:Amhara"),
            ("Gondar", 336014),
            ("Bahir Dar", 342884),
            ("Addis-Abeba", "?"),
        ],
    },
    {
        "id": "geo-dev-fr-22",
        "language": "fr",
        "text": "Au Mozambique, des insurgés se réclamant de l'Etat islamique ont attaqué la "
        "ville de Mocímboa da Praia, dans la province de Cabo Delgado, près du site gazier "
        "d'Afungi.",
        "places": [
            ("Mozambique", "C:MOZ"),
            ("Mocímboa da Praia", 1024699),
            ("Cabo Delgado", "R:Cabo Delgado"),
            ("Afungi", "?"),
        ],
    },
    {
        "id": "geo-dev-fr-23",
        "language": "fr",
        "text": "En Colombie, un groupe dissident de l'ancienne guérilla a attaqué un poste de "
        "police à Toribío, dans le département du Cauca, au sud de Cali. Le président a "
        "convoqué un conseil de sécurité à Bogota.",
        "places": [
            ("Colombie", "C:COL"),
            ("Toribío", 3666887),
            ("Cauca", "R:Cauca"),
            ("Cali", 3687925),
            ("Bogota", 3688689),
        ],
    },
    {
        "id": "geo-dev-fr-24",
        "language": "fr",
        "text": "Des réfugiés syriens installés près de Tripoli, dans le nord du Liban, ont été "
        "expulsés vers Homs, affirme une ONG. Beyrouth dément tout renvoi forcé.",
        "places": [
            ("Tripoli", 266826),
            ("Liban", "C:LBN"),
            ("Homs", 169577),
            ("Beyrouth", "?"),
        ],
    },
    # ------------------------------------------------------------------ English
    {
        "id": "geo-dev-en-01",
        "language": "en",
        "text": "Russian warplanes struck the outskirts of Jisr al-Shughur and several villages "
        "in the Ghab plain on Tuesday, the Syrian Observatory for Human Rights said. Rebels in "
        "Idlib province said they had shot down a drone near Ariha.",
        "places": [
            ("Jisr al-Shughur", 169023),
            ("Ghab", "?"),
            ("Idlib", "R:Idlib Governorate"),
            ("Ariha", 172994),
        ],
    },
    {
        "id": "geo-dev-en-02",
        "language": "en",
        "text": "A car bomb exploded at a checkpoint in Azaz, a town near the Turkish border "
        "north of Aleppo, killing at least seven people. Turkish-backed factions blamed Kurdish "
        "fighters based in Tal Rifaat.",
        "places": [
            ("Azaz", 172082),
            ("Aleppo", 170063),
            ("Tal Rifaat", 163476),
        ],
    },
    {
        "id": "geo-dev-en-03",
        "language": "en",
        "text": "Iraqi security forces killed three suspected Islamic State militants in the "
        "Hamrin mountains, between Kirkuk and Diyala provinces, the Joint Operations Command "
        "said. Another raid took place near Tikrit.",
        "places": [
            ("Hamrin", "?"),
            ("Kirkuk", "R:Kirkuk Governorate"),
            ("Diyala", "R:Diyala Governorate"),
            ("Tikrit", 90150),
        ],
    },
    {
        "id": "geo-dev-en-04",
        "language": "en",
        "text": "Houthi forces launched missiles at commercial ships in the Red Sea off the port "
        "of Hodeidah, the U.S. military said. In Taiz, shelling hit a residential district, "
        "according to local officials.",
        "places": [
            ("Red Sea", "?"),
            ("Hodeidah", 79415),
            ("U.S.", "?"),
            ("Taiz", 70225),
        ],
    },
    {
        "id": "geo-dev-en-05",
        "language": "en",
        "text": "Gunmen on motorbikes killed 14 villagers in the Tahoua region of western Niger, "
        "near the border with Mali, the interior ministry said. The army said it had pursued "
        "the attackers toward Menaka.",
        "places": [
            ("Tahoua", "R:Tahoua Region"),
            ("Niger", "C:NER"),
            ("Mali", "C:MLI"),
            ("Menaka", 2453514),
        ],
    },
    {
        "id": "geo-dev-en-06",
        "language": "en",
        "text": "Sudan's paramilitary Rapid Support Forces said they had seized the army base in "
        "Nyala, the capital of South Darfur state, after weeks of fighting. Aid groups warned "
        "of a humanitarian catastrophe in El Geneina and across Darfur.",
        "places": [
            ("Sudan", "C:SDN"),
            ("Nyala", 369004),
            ("South Darfur", "R:South Darfur"),
            ("El Geneina", 379303),
            ("Darfur", "R:Darfur"),
        ],
    },
    {
        "id": "geo-dev-en-07",
        "language": "en",
        "text": "Ukrainian forces struck a Russian ammunition depot in the occupied city of "
        "Melitopol overnight, the governor of the Zaporizhzhia region said. In Kharkiv, Russian "
        "glide bombs damaged an apartment block, injuring 11 people.",
        "places": [
            ("Melitopol", 701404),
            ("Zaporizhzhia", "R:Zaporizhzhia Oblast"),
            ("Kharkiv", 706483),
        ],
    },
    {
        "id": "geo-dev-en-08",
        "language": "en",
        "text": "Moscow said its air defenses had downed 20 Ukrainian drones over the Belgorod "
        "and Kursk regions. A drone also hit an oil refinery near Novorossiysk, Russian state "
        "media reported.",
        "places": [
            ("Moscow", "?"),
            ("Belgorod", "R:Belgorod Oblast"),
            ("Kursk", "R:Kursk Oblast"),
            ("Novorossiysk", 518255),
        ],
    },
    {
        "id": "geo-dev-en-09",
        "language": "en",
        "text": "Israeli strikes killed four people in the southern Lebanese town of Nabatieh "
        "on Sunday, Lebanon's health ministry said. Hezbollah responded with rockets fired at "
        "Kiryat Shmona in northern Israel.",
        "places": [
            ("Nabatieh", 278913),
            ("Lebanon", "C:LBN"),
            ("Kiryat Shmona", 293825),
            ("Israel", "C:ISR"),
        ],
    },
    {
        "id": "geo-dev-en-10",
        "language": "en",
        "text": "At least 30 people were killed when militants stormed a market in Bukavu, the "
        "capital of South Kivu province in eastern Congo, local authorities said. The army "
        "said it had regained control of the town of Uvira.",
        "places": [
            ("Bukavu", 217831),
            ("South Kivu", "R:South Kivu"),
            ("Congo", "C:COD"),
            ("Uvira", 204405),
        ],
    },
    {
        "id": "geo-dev-en-11",
        "language": "en",
        "text": "A suicide bomber targeted a police convoy in Quetta, the capital of Balochistan "
        "province, killing nine officers. Pakistan's interior minister blamed militants "
        "operating from Afghanistan.",
        "places": [
            ("Quetta", 1167528),
            ("Balochistan", "R:Balochistan"),
            ("Pakistan", "C:PAK"),
            ("Afghanistan", "C:AFG"),
        ],
    },
    {
        "id": "geo-dev-en-12",
        "language": "en",
        "text": "Myanmar's military carried out airstrikes on villages in the Sagaing region and "
        "in Kachin State, according to local resistance forces. Thousands of residents fled "
        "toward the Indian border near Tamu.",
        "places": [
            ("Myanmar", "C:MMR"),
            ("Sagaing", "R:Sagaing Region"),
            ("Kachin State", "R:Kachin State"),
            ("Tamu", 1294761),
        ],
    },
    {
        "id": "geo-dev-en-13",
        "language": "en",
        "text": "Syrian government forces shelled Daraa al-Balad, the old quarter of Daraa, "
        "after talks with local leaders collapsed, residents said. Jordan closed its main "
        "border crossing with Syria.",
        "places": [
            ("Daraa al-Balad", "?"),
            ("Daraa", 170905),
            ("Jordan", "C:JOR"),
            ("Syria", "C:SYR"),
        ],
    },
    {
        "id": "geo-dev-en-14",
        "language": "en",
        "text": "Fighting between rival armed groups broke out in the Ain Zara district of "
        "Tripoli, the Libyan capital, the health authority said. Flights at Mitiga airport "
        "were suspended.",
        "places": [
            ("Ain Zara", "?"),
            ("Tripoli", 2210247),
            ("Mitiga", "?"),
        ],
    },
    {
        "id": "geo-dev-en-15",
        "language": "en",
        "text": "The Taliban said they had arrested members of an Islamic State cell in "
        "Jalalabad, the capital of eastern Nangarhar province. A separate blast in a Shi'ite "
        "neighbourhood of Kabul killed five students.",
        "places": [
            ("Jalalabad", 1139715),
            ("Nangarhar", "R:Nangarhar"),
            ("Kabul", 1138958),
        ],
    },
    {
        "id": "geo-dev-en-16",
        "language": "en",
        "text": "Jihadists attacked an army outpost near Djibo, in Burkina Faso's Sahel region, "
        "the military government said. A convoy heading to Dori was also ambushed.",
        "places": [
            ("Djibo", 2361177),
            ("Burkina Faso", "C:BFA"),
            ("Sahel", "R:Sahel Region (Burkina Faso)"),
            ("Dori", 2361082),
        ],
    },
    {
        "id": "geo-dev-en-17",
        "language": "en",
        "text": "Al-Shabaab fighters overran a military base in Ceelbuur, in central Somalia, "
        "the government said. Mogadishu has vowed to retake the area within days.",
        "places": [
            ("Ceelbuur", 62821),
            ("Somalia", "C:SOM"),
            ("Mogadishu", "?"),
        ],
    },
    {
        "id": "geo-dev-en-18",
        "language": "en",
        "text": "Two rockets struck near the embassy compound in Baghdad late on Thursday, "
        "Iraqi officials said. No group claimed the attack, but Washington has blamed "
        "militias backed by Tehran for similar strikes.",
        "places": [
            ("Baghdad", 98182),
            ("Washington", "?"),
            ("Tehran", "?"),
        ],
    },
    {
        "id": "geo-dev-en-19",
        "language": "en",
        "text": "Rebels of the M23 movement advanced on Sake, a town 25 km west of Goma, the "
        "capital of North Kivu, forcing thousands to flee south toward Bukavu.",
        "places": [
            ("Sake", 205970),
            ("Goma", 216281),
            ("North Kivu", "R:North Kivu"),
            ("Bukavu", 217831),
        ],
    },
    {
        "id": "geo-dev-en-20",
        "language": "en",
        "text": "Armed men abducted dozens of passengers from buses on the highway between "
        "Kaduna and Abuja, Nigerian police said. The kidnappers demanded ransom from families "
        "in Zamfara State.",
        "places": [
            ("Kaduna", 2335727),
            ("Abuja", 2352778),
            ("Zamfara State", "R:Zamfara State"),
        ],
    },
    {
        "id": "geo-dev-en-21",
        "language": "en",
        "text": "Shelling hit residential areas of Edlib city and the nearby town of Binnish "
        "overnight, rescue workers said.",
        "places": [
            ("Edlib", 169389),
            ("Binnish", 171451),
        ],
    },
    {
        "id": "geo-dev-en-22",
        "language": "en",
        "text": "Armenian and Azerbaijani troops exchanged fire along the border near the "
        "Armenian town of Jermuk, Yerevan said. Baku accused Armenia of provoking the clash.",
        "places": [
            ("Jermuk", 174884),
            ("Yerevan", "?"),
            ("Baku", "?"),
            ("Armenia", "C:ARM"),
        ],
    },
    {
        "id": "geo-dev-en-23",
        "language": "en",
        "text": "Haitian police battled gangs in Delmas, a suburb of Port-au-Prince, and in the "
        "town of Mirebalais, police said.",
        "places": [
            ("Delmas", 3726786),
            ("Port-au-Prince", 3718426),
            ("Mirebalais", 3720811),
        ],
    },
    {
        "id": "geo-dev-en-24",
        "language": "en",
        "text": "Yemen's government forces and Houthi rebels traded artillery fire around Marib "
        "city and along the front line in Al Bayda province, military sources said. Saudi "
        "Arabia hosted talks in Riyadh.",
        "places": [
            ("Yemen", "C:YEM"),
            ("Marib", 72968),
            ("Al Bayda", "R:Al Bayda Governorate"),
            ("Saudi Arabia", "C:SAU"),
            ("Riyadh", 108410),
        ],
    },
]

TEST: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ French
    {
        "id": "geo-test-fr-01",
        "language": "fr",
        "text": "Des tirs d'artillerie ont frappé Ariha et les villages du Jabal al-Zawiya, dans "
        "le sud de la province d'Idleb, a rapporté la Défense civile syrienne. Les forces "
        "gouvernementales ont envoyé des renforts depuis Hama.",
        "places": [
            ("Ariha", 172994),
            ("Jabal al-Zawiya", "?"),
            ("Idleb", "R:Idlib Governorate"),
            ("Hama", 170017),
        ],
    },
    {
        "id": "geo-test-fr-02",
        "language": "fr",
        "text": "À Bassora, des manifestants ont incendié le siège d'un parti politique pour "
        "protester contre les coupures d'électricité. La contestation s'est étendue à "
        "Nasiriyah et à Amara, dans le sud de l'Irak.",
        "places": [
            ("Bassora", 99532),
            ("Nasiriyah", 98854),
            ("Amara", 99608),
            ("Irak", "C:IRQ"),
        ],
    },
    {
        "id": "geo-test-fr-03",
        "language": "fr",
        "text": "Des jihadistes ont attaqué un camp militaire près de Douentza, dans le centre "
        "du Mali, non loin de la frontière avec le Burkina Faso. L'armée malienne a affirmé "
        "avoir repoussé l'assaut.",
        "places": [
            ("Douentza", 2458334),
            ("Mali", "C:MLI"),
            ("Burkina Faso", "C:BFA"),
        ],
    },
    {
        "id": "geo-test-fr-04",
        "language": "fr",
        "text": "Des bombardements russes ont touché Kherson et Nikopol, sur la rive droite du "
        "Dniepr, selon les autorités ukrainiennes. Dans la région de Soumy, deux civils ont été "
        "tués par des tirs de mortier.",
        "places": [
            ("Kherson", 706448),
            ("Nikopol", 700051),
            ("Dniepr", "?"),
            ("Soumy", "R:Sumy Oblast"),
        ],
    },
    {
        "id": "geo-test-fr-05",
        "language": "fr",
        "text": "Au Soudan, l'armée a repris le pont reliant Omdurman à Khartoum. Les "
        "paramilitaires se sont retirés vers Kosti, sur le Nil Blanc, à plus de 300 kilomètres "
        "au sud de la capitale.",
        "places": [
            ("Soudan", "C:SDN"),
            ("Omdurman", 365137),
            ("Khartoum", 379252),
            ("Kosti", 371760),
            ("Nil Blanc", "?"),
        ],
    },
    {
        "id": "geo-test-fr-06",
        "language": "fr",
        "text": "Une frappe de drone a visé une voiture près de Tyr, dans le sud du Liban, "
        "tuant un commandant du Hezbollah, selon une source sécuritaire. Israël n'a pas "
        "commenté.",
        "places": [
            ("Tyr", 267008),
            ("Liban", "C:LBN"),
            ("Israël", "C:ISR"),
        ],
    },
    {
        "id": "geo-test-fr-07",
        "language": "fr",
        "text": "Les combats ont repris à Hodeïda entre les forces loyalistes et les Houthis. "
        "Plus au sud, au large de Mokha, un navire a été touché par un missile, selon une "
        "agence maritime britannique.",
        "places": [
            ("Hodeïda", 79415),
            ("Mokha", 78751),
        ],
    },
    {
        "id": "geo-test-fr-08",
        "language": "fr",
        "text": "Des inconnus ont assassiné un chef coutumier à Fada N'Gourma, dans l'est du "
        "Burkina Faso. À Ouahigouya, dans le nord, un couvre-feu a été décrété.",
        "places": [
            ("Fada N'Gourma", 2360886),
            ("Burkina Faso", "C:BFA"),
            ("Ouahigouya", 2357043),
        ],
    },
    {
        "id": "geo-test-fr-09",
        "language": "fr",
        "text": "L'armée nigériane a annoncé avoir libéré 40 otages dans la forêt de Sambisa, "
        "dans l'Etat de Borno. Les captifs avaient été enlevés près de Chibok.",
        "places": [
            ("Sambisa", "?"),
            ("Borno", "R:Borno State"),
            ("Chibok", 2346076),
        ],
    },
    {
        "id": "geo-test-fr-10",
        "language": "fr",
        "text": "À Goma, des manifestants ont pris d'assaut les locaux de la mission de l'ONU. "
        "Les violences se sont propagées à Butembo et à Beni, plus au nord dans la province "
        "du Nord-Kivu.",
        "places": [
            ("Goma", 216281),
            ("Butembo", 217562),
            ("Beni", 219057),
            ("Nord-Kivu", "R:North Kivu"),
        ],
    },
    {
        "id": "geo-test-fr-11",
        "language": "fr",
        "text": "Des frappes aériennes attribuées à la coalition ont visé Raqqa et Tabqa, a "
        "indiqué l'OSDH. Des familles ont fui vers Manbij et Deir ez-Zor.",
        "places": [
            ("Raqqa", 172955),
            ("Tabqa", 172374),
            ("Manbij", 167357),
            ("Deir ez-Zor", 170794),
        ],
    },
    {
        "id": "geo-test-fr-12",
        "language": "fr",
        "text": "Un poste frontière a été attaqué près de Ben Gardane, dans le sud de la "
        "Tunisie, non loin de la frontière libyenne. Tunis a renforcé la sécurité à Médenine.",
        "places": [
            ("Ben Gardane", 2472431),
            ("Tunisie", "C:TUN"),
            ("Tunis", "?"),
            ("Médenine", 2469473),
        ],
    },
    # ------------------------------------------------------------------ English
    {
        "id": "geo-test-en-01",
        "language": "en",
        "text": "Russian and Syrian jets bombed the outskirts of Maarat al-Numan and the town "
        "of Saraqib, monitors said, as government troops pushed north along the highway from "
        "Hama.",
        "places": [
            ("Maarat al-Numan", 167611),
            ("Saraqib", 164816),
            ("Hama", 170017),
        ],
    },
    {
        "id": "geo-test-en-02",
        "language": "en",
        "text": "Gunmen attacked a village in Plateau State, central Nigeria, killing at least "
        "20 people, a state government spokesman said. Police reinforcements were sent from "
        "Jos.",
        "places": [
            ("Plateau State", "R:Plateau State"),
            ("Nigeria", "C:NGA"),
            ("Jos", 2335953),
        ],
    },
    {
        "id": "geo-test-en-03",
        "language": "en",
        "text": "Kurdish officials said a drone struck the airport of Erbil, the capital of the "
        "Kurdistan region, without causing casualties. Another drone was shot down near "
        "Sulaymaniyah.",
        "places": [
            ("Erbil", 95446),
            ("Kurdistan", "R:Iraqi Kurdistan"),
            ("Sulaymaniyah", 98463),
        ],
    },
    {
        "id": "geo-test-en-04",
        "language": "en",
        "text": "Ukraine said Russian missiles hit energy infrastructure in Lviv and Rivne in "
        "the west of the country, far from the front line in the Donetsk region.",
        "places": [
            ("Ukraine", "C:UKR"),
            ("Lviv", 702550),
            ("Rivne", 695594),
            ("Donetsk", "R:Donetsk Oblast"),
        ],
    },
    {
        "id": "geo-test-en-05",
        "language": "en",
        "text": "Sudanese army jets bombed paramilitary positions in El Obeid, the capital of "
        "North Kordofan, residents said. The paramilitaries besieged the town of Babanusa in "
        "West Kordofan.",
        "places": [
            ("El Obeid", 379003),
            ("North Kordofan", "R:North Kordofan"),
            ("Babanusa", 377962),
            ("West Kordofan", "R:West Kordofan"),
        ],
    },
    {
        "id": "geo-test-en-06",
        "language": "en",
        "text": "An Israeli airstrike hit a house in the Jabalia refugee camp in the northern "
        "Gaza Strip, killing a family of six, according to Palestinian health officials. "
        "Israel said it had targeted a militant commander.",
        "places": [
            ("Jabalia", 281129),
            ("Gaza Strip", "R:Gaza Strip"),
            ("Israel", "C:ISR"),
        ],
    },
    {
        "id": "geo-test-en-07",
        "language": "en",
        "text": "Militants ambushed a convoy between Kidal and Tessalit in northern Mali, the "
        "UN mission said. Two peacekeepers from Chad were killed.",
        "places": [
            ("Kidal", 2455290),
            ("Tessalit", 2449893),
            ("Mali", "C:MLI"),
            ("Chad", "C:TCD"),
        ],
    },
    {
        "id": "geo-test-en-08",
        "language": "en",
        "text": "Al-Shabaab claimed a mortar attack on the presidential palace in Mogadishu on "
        "Sunday. Somali forces later raided militant hideouts in the Lower Shabelle region, "
        "near Afgooye.",
        "places": [
            ("Mogadishu", 53654),
            ("Lower Shabelle", "R:Lower Shabelle"),
            ("Afgooye", 65785),
        ],
    },
    {
        "id": "geo-test-en-09",
        "language": "en",
        "text": "Pakistani troops killed eight militants in a raid in North Waziristan, near the "
        "town of Miranshah, the army said. Islamabad accused Kabul of harbouring the fighters.",
        "places": [
            ("North Waziristan", "R:North Waziristan"),
            ("Miranshah", 1170367),
            ("Islamabad", "?"),
            ("Kabul", "?"),
        ],
    },
    {
        "id": "geo-test-en-10",
        "language": "en",
        "text": "Rebels of the Arakan Army seized a police post near Sittwe, the capital of "
        "Myanmar's Rakhine State, sending refugees across the border into Bangladesh.",
        "places": [
            ("Sittwe", 1295765),
            ("Myanmar", "C:MMR"),
            ("Rakhine State", "R:Rakhine"),
            ("Bangladesh", "C:BGD"),
        ],
    },
    {
        "id": "geo-test-en-11",
        "language": "en",
        "text": "Protesters clashed with police in Tbilisi after the government suspended "
        "talks on joining the European Union. Demonstrations also took place in Batumi and "
        "Kutaisi.",
        "places": [
            ("Tbilisi", 611717),
            ("Batumi", 615532),
            ("Kutaisi", 613607),
        ],
    },
    {
        "id": "geo-test-en-12",
        "language": "en",
        "text": "Colombian troops fought guerrillas in the Catatumbo region of Norte de "
        "Santander, near the Venezuelan border, displacing thousands toward Cucuta.",
        "places": [
            ("Catatumbo", "R:Catatumbo"),
            ("Norte de Santander", "R:Norte de Santander"),
            ("Cucuta", 3685533),
        ],
    },
]
