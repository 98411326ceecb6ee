"""The demo proposals' data: categories, criteria, residents, committees and proposals.

The categories are Kristinehamn's ten priority areas from *Stärkt lokal attraktionskraft*
and the criteria are those a municipality would rank by. People, proposals, answers and
case numbers are invented (demo). `proposals.py` writes them to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from platskraft.proposals.models import Status, Visibility

PRIORITY_AREAS = [
    "Näringslivsklimat",
    "Värdskap och mottagande av nyinflyttade",
    "Sysselsättning",
    "Skolor",
    "Samverkan skola–näringsliv",
    "Boende",
    "Turism och besök",
    "Hela kommunen",
    "En attraktiv centrumkärna",
    "Medborgardelaktighet",
]
CRITERIA = [
    (
        "Effekt på attraktionskraften",
        "Gör förslaget Kramfors mer attraktivt att bo i och besöka?",
        3,
    ),
    ("Kostnad", "5 = billigt att genomföra, 0 = mycket dyrt.", 1),
    ("Genomförbarhet", "Kan kommunen genomföra det inom rimlig tid?", 2),
    ("Passar strategin", "Stämmer det med kommunens strategi för attraktionskraft?", 2),
]


@dataclass
class Step:
    """One step of the case: days after publication, new status, public explanation."""

    after_days: int
    status: str
    explanation: str


@dataclass
class DemoProposal:
    title: str
    body: str
    author: str  # key into the residents; "" for a guest
    category: str
    days_ago: int
    place: str = ""
    point: tuple[float, float] | None = None
    anonymous: bool = False
    visibility: str = Visibility.PUBLISHED
    hidden_reason: str = ""
    department: str = ""
    case_number: int | None = None
    due_in_days: int | None = None  # relative to today
    steps: list[Step] = field(default_factory=list)
    supporters: int = 0
    scores: tuple[int, int, int, int] | None = None
    comments: list[tuple[str, str]] = field(default_factory=list)  # (who, text); "staff": official


RESIDENTS = {
    "ines": ("invanare@demo.platskraft.se", "Ines Invånare (demo)"),
    "olle": ("olle.frano@demo.platskraft.se", "Olle från Frånö (demo)"),
    "maja": ("maja.nyland@demo.platskraft.se", "Maja i Nyland (demo)"),
    "ahmed": ("ahmed.bollsta@demo.platskraft.se", "Ahmed i Bollstabruk (demo)"),
    "lisa": ("lisa.ullanger@demo.platskraft.se", "Lisa i Ullånger (demo)"),
    "erik": ("erik.docksta@demo.platskraft.se", "Erik i Docksta (demo)"),
    "sofia": ("sofia.kramfors@demo.platskraft.se", "Sofia i Kramfors (demo)"),
    "jonas": ("jonas.bjartra@demo.platskraft.se", "Jonas i Bjärtrå (demo)"),
}

KS = "Kommunstyrelsen"
BUN = "Barn- och utbildningsnämnden"
MBN = "Miljö- och byggnadsnämnden"
KLF = "Kommunledningsförvaltningen"

OPEN_CHANNEL = [
    DemoProposal(
        title="Belysning längs Strandpromenaden",
        body=(
            "Promenaden längs älven är fin på sommaren men kolsvart från oktober.\n\n"
            "Med belysning skulle fler våga gå där på kvällarna, och det blir en "
            "trevligare väg mellan centrum och resecentrum."
        ),
        author="sofia",
        category="En attraktiv centrumkärna",
        days_ago=240,
        place="Strandpromenaden",
        point=(62.9279, 17.7869),
        department=MBN,
        case_number=112,
        steps=[
            Step(10, Status.FORWARDED, "Förslaget har skickats till miljö- och byggnadsnämnden."),
            Step(
                60,
                Status.APPROVED,
                "Nämnden beslutade att sätta upp belysning på hela sträckan under hösten.",
            ),
            Step(180, Status.IMPLEMENTED, "Belysningen är på plats sedan oktober. Tack för idén!"),
        ],
        supporters=7,
        scores=(5, 3, 4, 5),
        comments=[("maja", "Äntligen! Jag går där varje kväll med hunden.")],
    ),
    DemoProposal(
        title="Välkomstpaket till nyinflyttade",
        body=(
            "Den som flyttar hit borde få ett välkomstpaket: karta över vandringsleder, "
            "rabatt i lokala butiker, föreningarnas kontaktuppgifter och en inbjudan "
            "till en välkomstträff med kommunen."
        ),
        author="ahmed",
        category="Värdskap och mottagande av nyinflyttade",
        days_ago=200,
        department=KS,
        case_number=87,
        steps=[
            Step(7, Status.FORWARDED, "Kommunstyrelsen bereder förslaget."),
            Step(
                45,
                Status.APPROVED,
                "Kommunstyrelsen har beslutat att ta fram ett välkomstpaket tillsammans med "
                "näringslivet. Det delas ut från och med våren.",
            ),
        ],
        supporters=6,
        scores=(4, 4, 5, 5),
        comments=[
            ("lisa", "Bra! Glöm inte byarna, inte bara centrum."),
            ("staff", "Byarnas föreningar får vara med och bidra till paketet."),
        ],
    ),
    DemoProposal(
        title="Cykelväg mellan Kramfors och Bjärtrå",
        body=(
            "Det går inte att cykla säkert längs vägen mot Bjärtrå. En separat "
            "cykelväg skulle göra det möjligt för skolbarn och pendlare att cykla."
        ),
        author="jonas",
        category="Hela kommunen",
        days_ago=150,
        place="Väg 90 mellan Kramfors och Bjärtrå",
        department=MBN,
        case_number=131,
        due_in_days=-20,  # the answer is late: shown as overdue to staff
        steps=[
            Step(
                14,
                Status.FORWARDED,
                "Miljö- och byggnadsnämnden utreder frågan tillsammans med Trafikverket.",
            )
        ],
        supporters=8,
        scores=(4, 1, 2, 4),
        comments=[("olle", "Samma behov finns mot Frånö.")],
    ),
    DemoProposal(
        title="Sommarjobb hos lokala företag för gymnasieelever",
        body=(
            "Låt gymnasieelever prova på jobb hos företag i kommunen på sommaren. "
            "Då lär de känna arbetsgivarna här och fler stannar eller kommer tillbaka."
        ),
        author="maja",
        category="Samverkan skola–näringsliv",
        days_ago=170,
        department=BUN,
        case_number=98,
        steps=[
            Step(5, Status.REVIEW, "Vi tittar på hur förslaget passar med feriearbetet."),
            Step(20, Status.FORWARDED, "Förslaget har skickats till barn- och utbildningsnämnden."),
            Step(
                70,
                Status.PARTLY,
                "Nämnden utökar feriearbetet med platser hos privata företag, men kan inte "
                "betala ut lön från kommunen för alla platser.",
            ),
        ],
        supporters=4,
        scores=(3, 3, 4, 4),
    ),
    DemoProposal(
        title="Fler hyreslägenheter i centrum",
        body=(
            "Det är svårt att hitta en hyreslägenhet i Kramfors centrum, både för unga "
            "och för äldre som vill flytta från villan. Kan det kommunala bostadsbolaget "
            "bygga mer?"
        ),
        author="ines",
        category="Boende",
        days_ago=60,
        place="Kramfors centrum",
        point=(62.9310, 17.7790),
        department=KS,
        case_number=166,
        due_in_days=40,
        steps=[Step(6, Status.REVIEW, "Förslaget tas upp i arbetet med bostadsförsörjningen.")],
        supporters=5,
        scores=(4, 0, 2, 5),
    ),
    DemoProposal(
        title="Skyltning till Höga kusten-leden från resecentrum",
        body=(
            "Många som kommer med tåg eller buss vill vandra Höga kusten-leden men hittar "
            "inte dit. Skyltar och en karta vid resecentrum skulle hjälpa."
        ),
        author="erik",
        category="Turism och besök",
        days_ago=30,
        place="Kramfors resecentrum",
        point=(62.9305, 17.7767),
        supporters=8,
        comments=[
            ("sofia", "Ja! Och gärna på engelska och tyska också."),
            ("erik", "Bra tanke, det har jag inte tänkt på."),
        ],
    ),
    DemoProposal(
        title="En företagslots för den som vill starta företag",
        body=(
            "Gör det enklare att starta företag: en person på kommunen som hjälper "
            "med tillstånd, lokaler och kontakter."
        ),
        author="olle",
        category="Näringslivsklimat",
        days_ago=190,
        department=KLF,
        case_number=91,
        steps=[
            Step(
                30,
                Status.REJECTED,
                "Kommunen har redan en företagslots på näringslivsenheten. Vi gör den mer "
                "synlig på webbplatsen i stället för att inrätta en ny tjänst.",
            )
        ],
        supporters=2,
        scores=(3, 4, 5, 2),
    ),
    DemoProposal(
        title="Lokalproducerad mat i skolmatsalarna",
        body="Köp mer mat från gårdar i kommunen till skolorna. Bra för bönderna och för barnen.",
        author="lisa",
        category="Skolor",
        days_ago=20,
        supporters=3,
        comments=[("ahmed", "Håller med, och låt barnen besöka gårdarna.")],
    ),
    DemoProposal(
        title="Medborgarpanel två gånger om året",
        body=(
            "Bjud in ett slumpvis urval av invånare till en medborgarpanel två gånger "
            "om året, där politikerna lyssnar på vad folk tycker om kommunens utveckling."
        ),
        author="maja",
        category="Medborgardelaktighet",
        days_ago=45,
        department=KLF,
        case_number=172,
        due_in_days=60,
        steps=[Step(12, Status.FORWARDED, "Kommunledningsförvaltningen utreder formerna.")],
        supporters=4,
    ),
    DemoProposal(
        title="Mötesplats för unga vid torget",
        body="Unga behöver ett ställe att vara på kvällarna, med wifi och någon vuxen på plats.",
        author="sofia",
        category="En attraktiv centrumkärna",
        days_ago=10,
        place="Torget i Kramfors",
        anonymous=True,
        supporters=2,
    ),
    DemoProposal(
        title="Praktikplatser för nyanlända",
        body=(
            "Många nyanlända har yrkeserfarenhet men kommer inte in på arbetsmarknaden. "
            "Kommunen kan samordna praktikplatser hos företag."
        ),
        author="ahmed",
        category="Sysselsättning",
        days_ago=1,
        visibility=Visibility.PENDING,
    ),
    DemoProposal(
        title="Köp billiga solpaneler hos oss!",
        body="Bästa priset i Västernorrland – ring oss idag för en offert.",
        author="",
        category="Näringslivsklimat",
        days_ago=3,
        visibility=Visibility.HIDDEN,
        hidden_reason="Reklam för ett företag hör inte hemma bland invånarnas förslag.",
    ),
]

CALL = [
    DemoProposal(
        title="Byabuss till centrum på lördagar",
        body="En buss från byarna till centrum på lördagar skulle göra det lättare att handla "
        "och gå på evenemang utan bil.",
        author="olle",
        category="Byarna",
        days_ago=12,
        place="Nyland",
        point=(63.0008, 17.7619),
        supporters=5,
        comments=[("jonas", "Gärna via Bjärtrå också!")],
    ),
    DemoProposal(
        title="Julmarknad på torget varje helg i december",
        body="Gör torget levande i december med en julmarknad där lokala hantverkare säljer.",
        author="lisa",
        category="Centrum",
        days_ago=5,
        place="Torget i Kramfors",
        point=(62.9318, 17.7800),
        supporters=3,
    ),
]
