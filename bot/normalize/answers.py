"""Yes / no, first name, and the yes-or-no facts: first-time buyer, VA, self-employed."""

from __future__ import annotations

import re
from typing import Any

from stop_words import get_stop_words

from bot.normalize.text import fold, similar
from vocabulary import FLAG_SLOTS  # noqa: F401 (bot.normalize exports it)

MAX_NAME_LENGTH = 40

_YES = re.compile(
    r"(?:yes|yeah|yea|ya|yah|yeh|ye|yep|yup|yas|yess+|y|sure|ok|okay|k|kk|1|absolutely|definitely"
    r"|(?:fine|ok|okay|good|alright|all right) (?:by|with) me"
    r"|of course|please|go ahead|go for it|sounds good|that'?s fine|thats fine|fine|agreed?"
    r"|i agree|do it|alright|all right|correct|right|affirmative|totally|for sure|100|yessir"
    r"|yes sir|yes maam|yse|okie|okie dokie|okey dokey|oki|works for me|that works|bet|aight"
    r"|ight|say less|send (?:em|them|him|her) (?:my way|over)|certainly|roger(?: that)?"
    r"|(?:i'?m|im|we'?re|were|that'?s|thats) (?:ok|okay|fine|good|down|cool|in)\b"
    r"|(?:that|it|this) (?:would|will|should|could) be"
    r" (?:fine|ok|okay|good|great|lovely|wonderful|perfect)"
    r"|i guess|i suppose|why not|it is|it sure is|that'?s right|thats right|you got it|indeed"
    r"|asi es|ta bien|sta bien|si senor|exacto|correcto|afirmativo|eso es|asi mero"
    r"|si|sii+|sip|simon|claro|dale|va|de acuerdo|por supuesto|esta bien|adelante|acepto"
    r"|orale|sale|bueno|okey|ajam?|andale|perfecto|listo|seguro|de una|of course|vale|chevere"
    r"|con gusto|con mucho gusto|okis|okas|shoots|shoot yeah|de una|bacan|sale pues|va pues"
    r"|ayuh|ayup|cheque|10-4|10 4|ten four|cabal|vaya pues"
    r"|(?:you have|you'?ve got|you have got) my (?:consent|permission|ok|okay|blessing)"
    r"|i (?:give|grant) (?:my |you )?(?:consent|permission)|permission granted|i consent"
    r"|(?:she|he|they) (?:said|says) (?:yes|ok|okay|sure|go ahead)|(?:ella|el) (?:dice|dijo) que si"
    r"|(?:les |le )?doy (?:mi )?(?:permiso|consentimiento)|autorizo)\b"
)
_NO = re.compile(
    r"(?:no|ño|nope|nop|nah|naw|n|2|not now|not right now|jamas|para nada|no no"
    r"|not yet|not interested|never|pass|nel|nunca|negative"
    r"|maybe later|later|maybe (?:some ?)?other time|another time|not today|no thanks|no thank"
    r"|todavia no|ahorita no|mejor no|tal vez (?:despues|luego|mas tarde|otro dia)|otro dia"
    r"|en otra ocasion|no por ahora|zero|cero|none|nada|ninguno|ninguna"
    r"|stop|parar|cancelar|cancel|unsubscribe|remove me|opt out|leave me alone|ya no"
    r"|(?:good )?(?:heavens|lord|god|gosh|goodness) no|oh no"
    r"|(?:absolutely|definitely|certainly|hell|heck|of course|surely|por supuesto(?: que)?"
    r"|claro que) (?:not|no))\b"
)
_YES_RUN = re.compile(rf"(?:{_YES.pattern})(?:\s+(?:{_YES.pattern}))*")  # "yeah ok", "si claro"
# "ok but don't call before 9am", "si pero solo por mensaje": a yes with a condition is a yes.
_CONDITIONAL_YES = re.compile(r"^(.+?)\s+(?:but|pero|just|only|as long as|mientras)\b")
# "No calls please, text only": how to be reached, not a refusal of the introduction.
_CONTACT_PREFERENCE = re.compile(
    r"^no (?:phone )?calls?\b.*\b(?:text|texts|texting|mensajes?|texto)\b"
)
_THUMBS_DOWN = re.compile("^[\\s\U0001f44e\U0001f3fb-\U0001f3ff\u274c]+$")
# Hesitation before the answer: "hmm ok yeah", "i guess so... ok", "well no".
_HEDGE = re.compile(
    r"^(?:(?:hmm+|um+|uh+|well|i guess(?: so)?|i mean|mmm*|eh|pues|este|ok so|so|actually"
    r"|wait|oh|ah|lol|lmao|lmfao|haha\w*|jaja\w*|jeje\w*|ugh|omg|omfg|wow|bruh)\s+)+"
)
# "ok sure. wait actually no, let me talk to my husband first": the last word wins.
_TAKEN_BACK = re.compile(
    r"\b(?:wait|actually|on second thought|never ?mind|hold on|pensandolo bien|espera)\b"
    r"(?: actually)?,? (?:no|nah|not yet|hold off|let me|mejor no|todavia no)\b"
)
_REFUSAL = re.compile(r"\b(?:don'?t|do not|rather not|no quiero|prefiero que no)\b")
_THUMBS_UP = re.compile("^[\\s\U0001f44d\U0001f44c\u2705\u2714\U0001f64c\U0001f3fb-\U0001f3ff]+$")
# "prefer not to say", "no sé": the borrower cannot or will not say; the fact is unknown.
_UNKNOWN = re.compile(
    r"\b(?:idk|dunno|dont know|don'?t know|do not know|no idea|not sure|unsure|no clue"
    r"|not certain|hard to say|no se|ni idea|no estoy segur[oa]|no sabria|quien sabe"
    r"|(?:i'?d |would )?(?:prefer|rather) not(?: to)? (?:say|answer|share|tell|get into|go into"
    r"|discuss|talk about|disclose)|rather not say"
    r"|none of your business|pass on that|skip(?: that| this| it)?"
    r"|prefiero no (?:decir|decirlo|contestar|responder)|prefiero no|no quiero decir"
    r"|no le se|ni se|no (?:us |u\.s\. )?(?:credit )?score|no credit history"
    r"|nunca he (?:sacado|tenido) credito|no tengo (?:credito|historial)"
    r"|no (?:tenemos|tengo|hay) (?:una )?fecha|no date (?:yet|set))\b"
)


def says_unknown(text: Any) -> bool:
    """ "not sure", "idk", "prefer not to say", "no sé": an answer that leaves a fact unknown."""
    return bool(_UNKNOWN.search(fold(text)))


def parse_yes_no(text: Any) -> bool | None:
    """True for yes / sure / ok / 1 / si / claro, False for no / nope / 2 / nel, else None."""
    if isinstance(text, bool):
        return text
    if _THUMBS_UP.match(str(text)) and str(text).strip():
        return True
    if _THUMBS_DOWN.match(str(text)) and str(text).strip():
        return False
    raw = " ".join(re.sub(r"[^a-zñ0-9' ]", " ", fold(text)).split())
    raw = _HEDGE.sub("", raw)
    if says_unknown(raw):
        return None  # "mmm no se" is not a no
    raw = re.sub(r"^noo+\b", "no", re.sub(r"^sii+\b", "si", re.sub(r"^yy+\b", "y", raw)))
    if _CONTACT_PREFERENCE.match(raw):
        return True
    if _NO.match(raw) or _TAKEN_BACK.search(raw):
        return False
    head = _CONDITIONAL_YES.match(raw)
    if head and _YES_RUN.fullmatch(head.group(1)):
        return True  # "yeah ok but its only one person right? i dont want 20 calls"
    if _REFUSAL.search(raw):
        return False
    if _YES.match(raw):
        return True
    return None


_NAME_PREFIX = re.compile(
    r"^(?:(?:hi|hey|hello|yo|sure|ok|okay|yes|yeah|hola|si|claro|buenas|aqu[ií]|ac[aá]|lol|oh|ah"
    r"|haha|lmao|omg|omfg|wow|yay|sorry|perdon|oops|bueno|pues|fine|ugh"
    r"|just put|put down|put|write|just|you can (?:use|put)|go with)\b"
    r"[\s,!.]*){0,2}"
    r"(?:(?:(?:his|her|their|my (?:mom|mother|mum|dad|father|wife|husband)'?s?) name(?: is|'?s)"
    r"|(?:el|ella|mi (?:papa|papá|mama|mamá|esposo|esposa|hijo|hija)) se llama|se llama"
    r"|su nombre es"
    r"|my name is|my name'?s|name is|name'?s|i am|i'?m|im|it'?s|its|this is|call me"
    r"|here'?s|names|me llamo|mi nombre es|soy|habla|le habla|me dicen|aqu[ií]|ac[aá]"
    r"|d[ií]game|digame|me puede decir|puede llamarme|llameme)\b)?"
    r"(?:\s*(?:name|nombre)\s*:)?[\s,:]*",
    re.IGNORECASE,
)
_NOT_NAMES = {
    "hi", "hey", "hello", "yes", "no", "ok", "okay", "sure", "nope", "yeah", "thanks", "why",
    "what", "who", "hola", "si", "gracias", "buenas", "que", "por", "porque", "idk", "nah",
    "the", "a", "my", "not", "just", "looking", "buying", "interested", "yo", "that's",
    "thats", "fine", "good", "great", "please", "go", "sounds", "absolutely", "definitely",
    "introduce", "me", "you", "can", "it", "do", "yep", "claro", "dale", "rather", "prefer",
    "la", "el", "senora", "senor", "sra", "sr", "mr", "mrs", "ms", "miss", "dr", "don", "dona",
    "para", "how", "where", "when", "is", "are", "will", "would", "dont", "don't", "nada",
    "stop", "parar", "help", "ayuda", "here", "aqui", "aca", "thing", "that", "this", "esta",
    "porfa", "pls", "lol", "ya", "bueno", "listo", "perfecto", "mm", "mmm", "hmm", "um",
    "asap", "now", "today", "thank", "thx", "tx", "tks", "thnx", "thanx", "tysm", "call",
    "text", "anytime", "later", "soon",
    "plz", "first", "only", "hurry", "urgente", "urgent", "rapido", "roger", "ta", "sta",
    "evenings", "mornings", "weekends", "after", "before", "texting", "i'd", "id", "i",
    "who's", "whos", "what's", "whats", "k", "kk", "sir", "maam", "ma'am", "lovely",
    "affirmative", "bet", "investor", "realtor", "agent", "landlord", "veteran", "vet",
    "buyer", "homeowner", "brilliant", "cheers", "wonderful", "excellent", "certainly",
    "indeed", "fabulous", "amazing", "nice", "super", "excelente", "genial",
    "calls", "email", "ahorita", "ahora", "hoy", "manana", "luego", "llamen", "llamada",
    "mensaje", "texto", "cuando", "sea", "cool", "awesome", "perfect", "yay", "wait",
    "actually", "de", "una", "oh", "ah", "well", "vale", "chevere", "con", "okis", "okas",
    "very", "much", "dear", "hon", "honey", "sweetie", "mija", "mijo", "buddy", "bro", "dude",
    "man", "vaya",
    "thatd", "that'd", "thatll", "that'll", "works", "alrighty", "yessir",
    "proceed", "acceptable", "agreed", "agree", "consent", "kindly", "regards", "continue",
    "dios", "god", "pana", "chamo", "chama", "mano", "hermano", "hermana", "compa", "primo",
    "parce", "parcero", "wey", "guey", "mae", "loco", "amigo", "amiga", "shoots",
    "jaja", "jajaja", "jajajaja", "jeje", "jejeje", "haha", "hahaha", "wepa", "pe", "pues",
    "pos", "pueden", "puede", "contactarme", "llamarme", "escribirme", "contact", "bacan",
    "orale", "sale", "simon", "chido", "oki", "by", "with", "yah", "yeh", "yall", "y'all",
    # what people call each other, region by region: "yeah cher go ahead", "dale, asere"
    "cher", "sugar", "shug", "hun", "darlin", "darling", "sweetheart", "brah", "braddah",
    "mam", "mame",
    # "House here goes on the market in March": a thing, not the one who texts
    "house", "home", "place", "condo", "property", "casa", "everything", "everyone",
    "cuz", "fam", "sis", "homie", "chief", "boss", "pal", "bud", "bub", "ayuh", "ayup",
    "asere", "acere", "cheque", "maje", "chero", "compadre", "broder", "manito", "causa",
    "cuate", "carnal", "papi", "mami", "nena", "nene", "jefe", "jefa", "joven", "oye", "mira",
    # "all right", "oká, dale", "ya po": a yes and its particles
    "all", "alright", "right", "oka", "okey", "po", "sorry", "oops", "on", "off",
    # who they are, not what they are called: "Founder here", "Nurse here"
    "founder", "owner", "nurse", "doctor", "dentist", "physician", "resident", "engineer",
    "teacher", "seller", "broker", "lender", "retiree", "renter", "parent", "mom", "dad",
    "grandma", "grandpa", "student", "contractor", "builder", "attorney", "lawyer", "pastor",
    "snowbird", "snowbirds", "retirees", "newlyweds", "veterans", "vets", "nurses", "teachers",
    "parents", "investors", "homeowners", "buyers",
    "coastie", "sailor", "soldier", "airman", "guardsman", "reservist", "milspouse", "spouse",
    "wife", "husband", "officer", "deputy", "trucker", "farmer", "rancher", "mechanic",
    "electrician", "plumber", "firefighter", "cop", "medic", "pilot", "chaplain", "corpsman",
    "retired", "recruiter", "flipper",
    "marine", "newlywed", "widow", "widower", "grad", "professor", "one", "person", "persona",
    # a yes or a courtesy in the borrower's first language: "wi, yes ok", "ok yalla, yes"
    "wi", "oui", "sim", "tak", "da", "yalla", "inshallah", "sige", "opo", "salamat", "haan",
    "vang", "aywa", "shukran", "obrigado", "obrigada", "merci", "dziekuje",
    # punctuation a phone's dictation wrote out: "yes that's fine period"; "ya, normal" (ok)
    "period", "comma", "question", "exclamation", "colon", "punto", "coma", "normal",
    # where they or their family come from: "hi, I'm Guatemalan and my husband ..."
    "guatemalan", "salvadoran", "salvadorian", "honduran", "mexican", "dominican", "cuban",
    "colombian", "venezuelan", "peruvian", "ecuadorian", "nicaraguan", "panamanian", "chilean",
    "argentinian", "argentine", "bolivian", "paraguayan", "uruguayan", "haitian", "jamaican",
    "boricua", "filipino", "filipina", "vietnamese", "korean", "chinese", "indian", "nigerian",
    "american", "canadian", "hispanic", "latino", "latina", "latinx", "brazilian", "mexicana",
    "mexicano", "guatemalteco", "guatemalteca", "salvadoreño", "salvadoreña", "hondureño",
    "hondureña", "dominicano", "dominicana", "cubano", "cubana", "colombiano", "colombiana",
    "venezolano", "venezolana", "peruano", "peruana", "nicaraguense", "ecuatoriano",
    "ecuatoriana", "puertorriqueño", "puertorriqueña", "immigrant", "inmigrante",
    # what a texter exclaims: "omg yes", "yesss finally", "ay si"
    "omg", "omgg", "omfg", "lmao", "lmfao", "rofl", "wow", "whoa", "woah", "yess", "yesss",
    "yas", "yass", "yasss", "woo", "woohoo", "hooray", "finally", "ooh", "ohh", "aw", "aww",
    "dang", "gosh", "geez", "jeez", "ay", "ayy", "uy", "ojala", "wao", "guau", "uff", "ufff",
}  # fmt: skip
# Second parts of compound given names ("Mary Ann", "Jose Luis"); any other second word is
# taken for a surname ("Tom Nguyen" is Tom).
_COMPOUND_PARTS = {
    "ann", "anne", "beth", "jo", "lynn", "mae", "marie", "sue", "jane", "lee", "louise",
    "grace", "rose", "kay", "ray", "luis", "jose", "maria", "carmen", "elena", "antonio",
    "alberto", "manuel", "carlos", "juan", "miguel", "angel", "pablo", "luisa", "isabel",
    "guadalupe", "eugenia", "teresa", "fernando", "andres", "david", "enrique", "francisco",
    "javier", "jesus", "rafael", "ramon", "alejandro", "fernanda", "del", "de", "marina",
    "sofia", "paula", "ines", "victoria", "cristina", "alejandra", "gabriela", "andrea",
    "eduardo", "ignacio", "felipe", "emilio", "mercedes", "pilar", "rosa", "jose maria",
    "ana", "lucia", "patricia", "esther", "beatriz", "dolores", "concepcion", "socorro",
    "armando", "ernesto", "ricardo", "roberto", "alfonso", "gerardo",
    "dary", "gladys", "ellen", "iris", "gregorio", "mery", "amparo", "consuelo", "milagros",
    "esperanza", "estela", "yolanda", "adriana", "marcela", "cecilia", "alicia", "ivan",
}  # fmt: skip
# Volunteered, in a longer message: "my name is Ana", "me llamo Ana".
_VOLUNTEERED = re.compile(
    r"\b(?:my name is|my name'?s|call me|me llamo|mi nombre es)\s+([^\W\d_]+(?:['-][^\W\d_]+)*)",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def _capitalized(word: str) -> str:
    if word.isupper() and len(word) <= 2:
        return word  # initials: "DJ", "TJ"
    if word.islower() or word.isupper():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


# "Dr. Anita Patel" is Anita; "Mr. Smith" alone gives no first name.
_TITLES = (
    r"(?:dr|dra|mr|mrs|ms|miss|sr|sra|srta|lic|lcda|lcdo|ing|arq|prof|pastor|pastora|rev"
    r"|reverend|deacon|elder|hermano|hermana)"
)
_TITLE = re.compile(rf"^\s*{_TITLES}\.?\s+(?=\S+\s+\S+)", re.IGNORECASE)
_CLERGY = re.compile(r"^\s*(?:pastor|pastora|hermano|hermana)\s+(?=[^\W\d_])", re.IGNORECASE)
# "Dr. Cho - Hannah", "Dra. Treviño, Sofía": the title and surname, then the first name
_TITLE_SURNAME_THEN_NAME = re.compile(
    rf"^\s*{_TITLES}\.?\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s*(?:[-,;:\u2013\u2014]|\.{{2,}}|\u2026|\blol\b)\s*"
    r"(?=[^\W\d_])",
    re.IGNORECASE,
)
_LATER_NAME = re.compile(
    # "Ms K lol jk its Anna": a joke taken back, then the name
    r"(?:[,;.!]\s*(?:lol\s*)?|\b(?:jk|j/k|just kidding|kidding|es broma|mentira)\W+)"
    r"(?:it'?s|its|i'?m|im|(?:you can |u can |just )?call (?:me|him|her)"
    r"|first name'?s?|first name is|well)\s+"
    r"([^\W\d_]+)\s*[.!]?\s*(?:with an? \w+\s*(?:lol)?\s*)?$"  # "Jordan. well Jordyn with a y"
    # the real name after a nickname: "me dicen Papo pero me llamo Wilfredo"
    r"|\b(?:pero|but)\s+(?:me llamo|mi nombre es|my (?:real )?name is|my name'?s)\s+"
    r"([^\W\d_]+)\s*[.!]?\s*$"
    # "Daniela... wait no sorry thats my moms phone. my name is Itzel": the last sentence
    r"|[.!,]\s*(?:my (?:real )?name is|my name'?s|me llamo|mi nombre es)\s+"
    r"([^\W\d_]+)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_SURNAME_TITLE = re.compile(r"^\s*(?:dr|mr|mrs|ms|miss)\.?\s+[^\W\d_]+\b[\s,.!]*", re.IGNORECASE)
# A military rank and surname ("SSG Rodriguez lol. Daniel"): the first name, if any, follows.
_RANK = (
    r"(?:sgt|ssg|sfc|msg|1sg|csm|cpl|pfc|spc|lt|2lt|1lt|cpt|capt|maj|col|ltc|cw[2-5]|po[1-3]"
    r"|cpo|a1c|ssgt|tsgt|msgt|lcpl|gysgt|ens)"
)
_RANK_SURNAME = re.compile(
    rf"^\s*{_RANK}\.?\s+[^\W\d_]+\b(?=\s*(?:[,.;!]|lol\b|$))\W*(?:lol\W*)?", re.IGNORECASE
)
_RANK_NAME = re.compile(rf"^\s*{_RANK}\.?\s+(?=\S+\s+\S+)", re.IGNORECASE)  # "Sgt. Mike Jones"
_IS_MY_NAME = re.compile(r"^\s*([^\W\d_]+) is my (?:first )?name\b", re.IGNORECASE)
# What may follow a name in a reply to the name question: "Sarah (my husband Dan too)",
# "Guadalupe pero me dicen Lupe", "Francisco, Pancho pa los amigos", "chris again".
_AFTER_NAME = re.compile(
    # "Hector Ruiz ssn [redacted] dob [redacted] if u need it": the name, then what follows
    r"\s*(?:[(,;.!\[]|\s-\s|\b(?:but|pero|again|otra vez|here|aqui|lol|ssn|social|dob"
    r"|if (?:u|you) need)\b).*$",
    re.IGNORECASE,
)


# "Kim Jaehyun. Jaehyun is first name", "Nguyen is last name, Hoa is first": said outright
_STATED_FIRST = re.compile(
    r"\b([^\W\d_]+) is (?:my |his |her |the |our )?(?:first|given)(?: name)?\b", re.IGNORECASE
)
# "Kim Young-soo. first name is Young-soo": the first name said after the full name
_FIRST_NAME_IS = re.compile(
    r"\b(?:first|given) name(?: is|'s|:)\s+([^\W\d_]+(?:-[^\W\d_]+)?)", re.IGNORECASE
)
# Everyday words of English, Spanish and Portuguese: in a consent reply, what is left beside
# the yes is a name only if it is none of these ("ok yes she say ok", "Yes, pode ser, ok").
# English's two-letter entries in that list are mostly country codes ("ed", "mo", "jo"), so
# only its real two-letter words are kept.
_COMMON_WORDS = frozenset(
    fold(word)
    for lang in ("en", "es", "pt")
    for word in get_stop_words(lang)
    if len(word) >= 3 or lang != "en"
) | {"he", "so", "we", "us", "it", "is", "to", "do", "my", "me", "of", "on", "in", "at", "or"}
# ... and the thanks and greetings of languages our borrowers mix in ("yes that's fine,
# mahalo!"), which no list of everyday words holds
_COMMON_WORDS |= {
    "mahalo", "aloha", "merci", "danke", "grazie", "obrigado", "obrigada", "gracias", "thanks",
    "thx", "tysm", "cheers", "shukran", "salamat", "arigato", "namaste", "shalom", "ciao",
}  # fmt: skip


# The name to write down, said by whoever texts: "so put Sarah. I'm Dave", "Póngale Adrián"
_PUT_NAME = re.compile(
    r"\b(?:put|list|p[oó]ngale|p[oó]nganle|ponga|ponle|pon|an[oó]tele|anote)"
    r"(?:\s+(?:it|me|him|her|down|the name|el nombre|lo|la))*"
    r"(?:\s+(?:under|as|a nombre de|como))?"
    r"(?:\s+(?:my|his|her|our|mi|su)\s+(?:dad|father|mom|mother|wife|husband|son|daughter"
    r"|partner|hijo|hija|pap[aá]|mam[aá]|esposo|esposa|padre|madre))?"
    r"[\s,:]+([^\W\d_]{2,})\b",
    re.IGNORECASE,
)
_PUT_FILLERS = {
    *("it", "me", "him", "her", "down", "the", "my", "his", "mi", "su", "el", "la", "lo"),
    *("name", "nombre", "names"),
}


# "my dad is Rogelio, I'm Daniela (his daughter)": a child texting for the parent who borrows
_PARENTS_NAME = re.compile(
    r"\b(?:(?:my|mi) (?:dad|father|mom|mother|pap[aá]|mam[aá]|padre|madre)(?:'?s name)?"
    r"\s+(?:is|es|se llama)"
    # "this is his mom, his name is Darnell", "soy su mamá, ella se llama Itzel"
    r"|(?:his|her|their) (?:first )?name(?: is|'s)|(?:el|ella|él) se llama|su nombre es)"
    r"\s+([^\W\d_]{2,})\b",
    re.IGNORECASE,
)


_OWN_NAME_SAID = re.compile(r"\b(?:me llamo|my name is|my name'?s|mi nombre es)\b", re.IGNORECASE)


def name_to_put_down(text: Any) -> str | None:
    """The name they ask to be written down ("put Sarah"), whoever is texting."""
    said = str(text)
    put = _PUT_NAME.search(said)
    if not put and not _OWN_NAME_SAID.search(said):
        put = _PARENTS_NAME.search(said)
    if put and fold(put.group(1)) not in _NOT_NAMES | _PUT_FILLERS:
        return _capitalized(put.group(1))
    return None


# "this is Mike — ugh autocorrect — Mika": the name the phone wrote, then the right one
_AUTOCORRECTED = re.compile(
    # (not "Kaitlyn (autocorrect keeps making it Kaitlin)": an aside after the name)
    r"\b[^\W\d_]+[^\w(]+(?:ugh\W+|stupid\W+|dumb\W+|damn\W+)?(?:auto[\s-]?correct\w*|typo)\W+"
    r"(?=[^\W\d_]{2,})",
    re.IGNORECASE,
)


# "Annna — Anna, fat fingers", "Jsoe... perdón, José": a mistyped name, then the same one typed
# right (the two alike, so "Mike - Hannah" is not taken for a fix)
_RETYPED = re.compile(
    r"^\W*([^\W\d_]{2,})\s*(?:[-\u2013\u2014]+|\.{2,}|\u2026|,)\s*"
    r"(?:(?:perd[oó]n|sorry|oops|i mean|digo|quise decir)\W+)?([^\W\d_]{2,})\b",
    re.IGNORECASE,
)


def parse_first_name(text: Any) -> str | None:
    """A capitalized first name from "ana", "I'm Ana", "me llamo ana"; no digits, <= 40 chars.

    "Mary Ann" and "jose luis" keep both given names; "Tom Nguyen" keeps Tom.
    """
    retyped = _RETYPED.match(str(text))
    if retyped:
        typo, meant = fold(retyped.group(1)), fold(retyped.group(2))
        if typo != meant and (sorted(typo) == sorted(meant) or similar(typo, meant, 0.85)):
            return _capitalized(retyped.group(2))
    raw = _AUTOCORRECTED.sub("", str(text)).strip()
    starred = re.search(
        r"([^\W\d_]{2,})\*\W*(?:\b(?:auto[\s-]?correct\w*|lol|smh|sorry|lmao|haha|ugh|typo|oops)"
        r"\b\W*)*$",
        str(text),
        re.IGNORECASE,
    )
    if starred and fold(starred.group(1)) not in _NOT_NAMES:
        return _capitalized(starred.group(1))  # "Chirs. lol Chris*": a typo fixed the texting way
    put = name_to_put_down(raw)
    if put:
        return put  # "put my dad, Walter. I'm his daughter Kim"
    stated = _STATED_FIRST.search(raw)
    # said outright to be the first name, even if also a word ("Young is his first name")
    if stated and fold(stated.group(1)) not in _NOT_NAMES | {"which", "who", "one", "mine"}:
        return _capitalized(stated.group(1))
    first_is = _FIRST_NAME_IS.search(raw)
    if first_is and fold(first_is.group(1)) not in _NOT_NAMES:
        return _capitalized(first_is.group(1))
    if "?" in raw:
        # "pa q quieren mi nombre?" is a question back, not a name; "name's Bob, what's
        # yours?" answers first
        head = re.split(r"[,;.!¿]", raw.lstrip("¿¡ "), maxsplit=1)[0]
        tail = re.sub(
            r"^(?:\W*(?:fine|ok|okay|sure|alright|whatever|yes|yeah|bueno|esta bien|ta bien)\b)*"
            r"\W*",
            "",
            raw.rsplit("?", 1)[1],
            flags=re.IGNORECASE,
        )
        if tail.strip(" .!") and ("?" in head or len(head.split()) > 4):
            return parse_first_name(tail)  # "why do you need my name? ... fine, Tasha"
        if "?" in head or len(head.split()) > 4:
            return None
        raw = head
    initials = re.fullmatch(r"([A-Za-z])\.\s?([A-Za-z])\.?", raw.strip())
    if initials:
        return "".join(initials.groups()).upper()  # "T.J." is TJ
    raw = _CLERGY.sub("", raw)  # "Pastor James": the first name, as a congregation says it
    raw = _TITLE_SURNAME_THEN_NAME.sub("", raw)
    ranked = _RANK_SURNAME.match(raw)
    if ranked:
        raw = raw[ranked.end() :] or "-"  # "SSG Rodriguez" alone gives no first name
    raw = _TITLE.sub("", _RANK_NAME.sub("", raw))
    later = _LATER_NAME.search(raw)
    named_later = later and next((name for name in later.groups() if name), None)
    if named_later and fold(named_later) not in _NOT_NAMES:
        return _capitalized(named_later)  # "Dr. Patel lol, it's Anil"
    raw = _SURNAME_TITLE.sub("", raw)
    named = _IS_MY_NAME.match(raw)
    if named:
        raw = named.group(1)
    if len(raw) > 12 and not says_unknown(raw):
        # "My name is Mrs. Eleanor Whitcomb.": the title's period does not end the name
        raw = _AFTER_NAME.sub("", _TITLE.sub("", _NAME_PREFIX.sub("", raw, count=1))).strip()
    if not raw or len(raw) > MAX_NAME_LENGTH or re.search(r"\d", raw) or says_unknown(raw):
        return None
    rest = _NAME_PREFIX.sub("", raw, count=1).strip(" .,!?")
    words = [w.strip(" .,!?") for w in rest.split()]
    word = words[0] if words else ""
    # "Dale" and "Simon" are names too when written as names (and "dale" / "simón" a yes)
    a_name_too = word[:1].isupper() and (
        fold(word) in ("dale", "simon") or (fold(word) == "don" and len(words) == 1)
    )  # "Don" alone answering the name question is Don
    if (
        (len(word) < 2 and word.islower())
        or not _NAME_WORD.fullmatch(word)
        or (fold(word) in _NOT_NAMES and not a_name_too)
        or (_YES.fullmatch(re.sub(r"(.)\1+$", r"\1", fold(word))) and not a_name_too)
    ):
        return None
    name = _capitalized(word)
    if len(words) >= 2 and fold(words[1]) in ("de", "del"):
        return name  # "María de los Ángeles", "Ana de la Cruz": the given name, not "María De"
    if len(words) >= 2 and fold(words[1]) in _COMPOUND_PARTS and _NAME_WORD.fullmatch(words[1]):
        name += " " + _capitalized(words[1])
    return name


# "hi this is Ana, ...", "Marcus here.", "hey its Carlos", "hola soy María": a capitalized
# word introduced as the sender at the start of the message.
_INTRODUCED = re.compile(
    r"^\W*(?:(?:hi|hey|hello|hola|buenas|buenos dias|buenas tardes|ok|oye)(?: there)?\b[\s,!.]*)?"
    r"(?:(?:this is|it'?s|its|i'?m|im|i am|soy|aqui|aquí)\s+([^\W\d_]+)|([^\W\d_]+)\s+here\b)",
    re.IGNORECASE,
)


_RELATION_NAMED = re.compile(
    r"\s+(?:wife|husband|spouse|partner|fianc[eé]e?|girlfriend|boyfriend|mom|mother|dad|father"
    r"|son|daughter|sister|brother)\W+([A-Z][^\W\d_]+)\b"
)


# "... Best regards, Richard", "Saludos, Ramón", "- Tom": a letter's or a text's signature
_SIGNATURE = re.compile(
    r"(?:\b(?:[Rr]egards|[Ss]incerely|[Rr]espectfully|[Cc]ordially|[Tt]hank you|[Tt]hanks"
    r"|[Bb]lessings|[Aa]tentamente|[Ss]aludos|[Gg]racias|[Bb]endiciones)|\s[-\u2013\u2014~])[,.!\s]*"
    r"([A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ'-]+)?\s*[.!]?\s*$"
)


def name_at_the_end(text: Any) -> str | None:
    """ "why do you need my name. its Dale": the name after a question back."""
    later = _LATER_NAME.search(str(text))
    if later and (fold(later.group(1)) not in _NOT_NAMES or later.group(1).istitle()):
        return _capitalized(later.group(1))
    if "?" in str(text):
        return parse_first_name(text)  # "why do you need my name? ... fine, Tasha"
    return None


# "Hi this is Denise, I'm texting for my son Marcus": whose loan it is, and so whose name the
# LO needs, is asked
_TEXTING_FOR_NAMED = re.compile(
    r"\b(?:texting|asking|writing|messaging|reaching out|inquiring|escribo|pregunto)"
    r" (?:for|on behalf of|por|para) (?:my|our|mi|mis|nuestr[oa]s?) (?:\w+ )?(?:son|daughter"
    r"|mom|mother|dad|father|parents|wife|husband|hij[oa]|mama|papa|papas|madre|padre|espos[oa])"
    r",? [A-Z][a-z]+"
)


def volunteered_first_name(text: Any) -> str | None:
    """A name given in passing: "... my name is Ana", "me llamo Ana y ...", a signature."""
    text = _AUTOCORRECTED.sub("", str(text))
    if _TEXTING_FOR_NAMED.search(str(text)):
        return None
    signed = _SIGNATURE.search(str(text))
    if signed and fold(signed.group(1)) not in _NOT_NAMES:
        return signed.group(1)
    match = _VOLUNTEERED.search(str(text))
    if match and fold(match.group(1)) not in _NOT_NAMES:
        # "me llamo Ana Lucía, busco casa": a compound given name stays whole
        second = re.match(r"\s+([^\W\d_]+)", str(text)[match.end(1) :])
        if second and second.group(1)[:1].isupper() and fold(second.group(1)) in _COMPOUND_PARTS:
            return f"{_capitalized(match.group(1))} {second.group(1)}"
        return _capitalized(match.group(1))
    introduced = _INTRODUCED.match(str(text))
    if introduced and str(text)[introduced.end() :].startswith(("'s", "\u2019s")):
        # "this is Dave's wife Deb, taking over": the one who speaks is named after
        rest = str(text)[introduced.end() + 2 :]
        # "this is Mike's phone, his wife Jenna here"
        relation = _RELATION_NAMED.match(rest) or _RELATION_NAMED.search(rest[:40])
        return _capitalized(relation.group(1)) if relation else None
    if introduced:
        word = introduced.group(1) or introduced.group(2)
        if word[:1].isupper() and not word.isupper() and fold(word) not in _NOT_NAMES:
            return word
    return None


_FILLER = re.compile(
    r"\b(?:yes|yeah|yea|yep|yup|ya|sure|ok|okay|k|please|pls|go ahead|sounds good|of course"
    r"|absolutely|definitely|that'?s fine|thats fine|fine|do it|alright|thanks|thank you"
    r"|introduce me|si|sip|claro que si|claro|que|dale|va|de acuerdo|por supuesto|esta bien"
    r"|adelante|acepto|orale|sale|por favor|gracias|and|y|name|nombre|my|mi|is|es|here"
    r"|ta bien|sta bien|roger that|roger|hurry|urgente|urgent|asap|rapido|quick|now|ya|porfa"
    r"|porfavor|porfis|xfa|xfavor"
    r"|go for it|why not|i guess|bueno|perfecto|listo|dale pues|pues|affirmative|certainly"
    r"|indeed|bet|sir|ma'?am|lovely|cheers|brilliant|wonderful|excelente|genial|de una|wait"
    r"|actually|i mean|vale|chevere|con mucho gusto|con gusto|okis|okas|dear|hon|honey|sweetie"
    r"|mija|mijo|buddy|bro|dude|vaya|very much|very|that'?d be (?:fine|great|good|ok)"
    r"|mi amor|amor|mi reina|mi vida|carino|chilero|chilera|bacan|bacano|chido|chida|simon"
    r"|se[nñ]or|se[nñ]ora|se[nñ]orita|jefe|jefa|joven|patr[oó]n|mister|chivo|chiva|de ley"
    r"|that'?ll work|works|(?:please )?proceed|go on|continue|acceptable|i consent|i agree"
    r"|agreed|that would be (?:fine|acceptable|great|good)|period|comma|normal)\b",
    re.IGNORECASE,
)


def parse_consent_reply(text: Any) -> tuple[bool | None, str | None]:
    """(consent, first name or None) from "yes, Ana", "si soy Maria", "Ana - yes", "no".

    The consent question asks for a YES and the first name in one reply; a plain "yes"
    gives no name (the form then asks for it), and a "no" never keeps one.
    """
    raw = str(text).strip()
    if says_unknown(raw):
        return None, None  # "not sure": the last word is not a yes
    consent = parse_yes_no(raw)
    conditional = re.match(
        r"(?:as long as|so long as|only if|if|provided|mientras|siempre y cuando)\b", fold(raw)
    )
    tail = [c for c in re.split(r"[.;!]+", raw) if c.strip()]
    if conditional and len(tail) > 1 and len(tail[-1].split()) <= 2:
        consent = parse_yes_no(tail[-1])  # "as long as they don't spam me. ok"
    words = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", raw)
    if consent is None and 1 < len(words) <= 3 and fold(words[-2]) not in ("not", "no"):
        consent = parse_yes_no(words[-1])  # "Ana, yes"
        raw = " ".join(words[:-1]) if consent is not None else raw
    clauses = [c for c in re.split(r"[,.;!]+", raw) if c.strip()]
    if consent is None and len(clauses) > 1 and len(clauses[-1].split()) <= 2:
        consent = parse_yes_no(clauses[-1])  # "I changed my mind, no"
        raw = " ".join(clauses[:-1]) if consent is not None else raw
    if consent is not True:
        return consent, None
    rest = _FILLER.sub(" ", raw)
    rest = " ".join(re.sub(r"[^\w'\- ]", " ", rest).split()).strip(" -'")
    rest = re.sub(
        r"^(?:i'?m|im|it'?s|its|this is|call me|me llamo|soy|habla)\s+", "", rest, flags=re.I
    )
    # A capital the borrower typed after the yes marks a name even if it is also a word
    # ("yes - Mia"); at the start of the reply it proves nothing ("Da, ok, agree").
    common = [
        w
        for w in rest.split()
        if fold(w) in _COMMON_WORDS and (w.islower() or str(text).lstrip().startswith(w))
    ]
    if not rest or len(rest.split()) > 2 or common:
        return consent, None
    return consent, parse_first_name(rest)


# --- the yes-or-no facts ----------------------------------------------------------------------

# A parent's or child's service is not the borrower's: "my dad was in the army does that count",
# "no but his dad was marines".
_RELATIVE_SERVED = (
    r"(?:my|mi|his|her|their|our|su|sus) (?:dad|daddy|father|step ?dad|stepfather|pops|mom"
    r"|mother|grandpa|granddad|grandfather|grandma|grandmother|uncle|papi|papa|padre|madre"
    r"|padrastro|suegro|abuel[oa]"
    r"|tio|son|daughter|hijo|hija|brother|sister|cousin|hermano|hermana|primo|prima)"
    r" (?:si |also |tambien )?(?:was|is|fue|es|served|sirvio|esta|estuvo)\b"
    r"(?! (?:and|y) (?:me|yo))"
)
# ... said of the service itself: "my daughter is a realtor" says nothing of it
_RELATIVE_SERVED_IN_SERVICE = (
    r"(?=[^.?!]{0,60}\b(?:army|navy|marines?|military|air force|coast guard|guard|reserves?"
    r"|serv\w*|sirvi\w*|veteran\w*|vet\b|militar|ejercito|marina|fuerza aerea))" + _RELATIVE_SERVED
)
# A spouse who served ("my husband was in the navy reserves 6 yrs") and borrows with the
# borrower makes the loan VA-eligible.
_SPOUSE_SERVICE = (
    r"\b(?:my|mi) (?:late |ex-?|former |difunto |fallecido )?"
    r"(?:husband|wife|spouse|esposo|esposa)\b"
    r"[^.?!]{0,40}\b(?:army|navy|marines?"
    r"|air force|coast guard|national guard|reserves?|military|served|veteran|vet|ejercito|marina"
    r"|sirvio|militar)\b"
)
_SPOUSE_SERVED = re.compile(_SPOUSE_SERVICE)
_OWN_NO_AFTER = re.compile(
    r"(?:[.,;]\s*(?:but\s+)?|\s+(?:but|pero)\s+)"
    r"(?:i was not|i wasn'?t|i did not|i didn'?t|i never did|i never served"
    r"|i never was"
    r"|i have not|i haven'?t|not me|yo no)\b"
)
# ... who will be on the loan: "my husband was in the Army... he'd be on the loan"
_SPOUSE_SERVED_ON_LOAN = re.compile(
    _SPOUSE_SERVICE
    + r".{0,80}\b(?:on the loan|on the mortgage|co-?borrow\w*|buying with me|with me on"
    r"|en el prestamo|conmigo en)"
    # another borrower who serves: "Chris is in the Army Reserve... hes on the loan", "mi hijo
    # está en la Marina, él también firma"
    r"|\b(?:army|navy|marines?|air force|coast guard|reserves?|marina|ejercito)\b[^!]{0,80}"
    r"\b(?:(?:he|she)'?s|hes|shes|(?:he|she) is|el|ella)\b[^.?!]{0,12}\b(?:on the (?:loan|mortgage)"
    r"|tambien firma|firma tambien|en el prestamo)"
)
# ... and one who serves but will not be on it: "mi esposo sí estuvo en el army pero no va a
# estar en el préstamo"
_SERVES_NOT_ON_LOAN = re.compile(
    r"\b(?:not|won'?t be|isn'?t|not gonna be|no va a estar|no esta|no estara)"
    r"(?: (?:on|en) [^.,;]{0,20}\b(?:ni|nor|or))? (?:on|en) (?:it\b|the"  # "no está en la casa ni"
    r" loan|the mortgage|el prestamo)"
)
# The borrowers answer for themselves first: "me and wife yes, moms owned for 30 yrs"
_BOTH_OF_US_YES = re.compile(
    r"\W*(?:me and (?:my )?(?:wife|husband|partner|fiance|fiancee)|my (?:wife|husband|partner) and"
    r" i|both of us|los dos|ambos|mi esposo y yo|mi esposa y yo) (?:yes|yeah|yep|si)\b"
)
# "first time for me, my mom owned a house in the 90s": the speaker's own first, said first
_MY_OWN_FIRST = re.compile(
    r"\W*(?:(?:yes|yeah|si)\W+)?(?:(?:it'?s |its |es )?(?:the )?first(?: time| one| home| house)?"
    r" (?:for me|para mi)|(?:for me|para mi),? (?:it'?s |its |it'?d be |it would be |es |seria )?"
    r"(?:my |the |mi |la )?(?:first|primera))\b(?!\s*\?)"
)
_FLAG_PATTERNS: dict[str, tuple[str, str]] = {
    # (says no, says yes); the "no" pattern is checked first.
    "first_time_buyer": (
        r"not (?:a |our |my |the )?(?:1st|first)[\s-]?(?:time|home|house)"
        r"|(?<!never )(?<!never have )(?<!not )(?<!havent )(?<!haven't )(?:owned|sold|bought) "
        r"(?:a |my |our |one |\w+ ){0,2}(?:home|house|place|condo|townhome|townhouse|property"
        r"|duplex|trailer|mobile home)"
        r"|(?:we|i) (?:already )?own (?:a |our |my )?(?:home|house|condo|place)"
        r"|no (?:es|seria) (?:mi|nuestra) primera"
        r"|\bno (?:soy|somos|es|seria|sera) (?:un |una |la |mi |nuestra )?(?:1st|first)[\s-]?"
        r"(?:time|home|house|buyers?)"
        r"|\bi (?:have|own) a (?:condo|house|home|townhouse|townhome) (?:in|that|i)\b"
        r"|ya (?:tengo|tuve|tenemos|tuvimos) (?:una |mi |nuestra )?casa"
        r"(?! (?:vista|que nos gusta|en mente|escogida|elegida|apartada))"
        r"|ya (?:compre|compramos|he comprado|hemos comprado|habia comprado|tenia casa)"
        r"|^(?:tengo|tenemos) (?:una )?casa en (?!mente|vista)"  # "tengo casa en Bayamón"
        r"|second (?:home|house) (?:we|i)|(?<!never )(?:owned|bought) (?:\w+ ){0,3}before"
        r"|(?:my|our|mi|nuestra) (?:second|third|fourth|fifth|2nd|3rd|4th|5th|segunda|tercera"
        r"|cuarta|quinta) (?:house|home|purchase|place|casa|compra|rental|property|investment"
        r"|propiedad)"
        r"|(?<!never )owned before|(?:owned|had) one (?:before|back)"
        r"|(?:tuve|tuvimos|vendi|vendimos) (?:\w+ ){0,2}casa|not (?:our|my) first"
        r"|own (?:\d+|two|three|several|other) (?:other )?(?:homes|houses|properties)"
        r"|sell (?:our|my) (?:current )?(?:home|house)|as a second home|our current home"
        r"|(?:tenia|tenian|teniamos|tuvo|tuve|tuvimos) (?:\w+ ){0,2}(?:casa|depto|departamento"
        r"|apartamento|condo)|(?:we|i|she|he) (?:had|owned) (?:a |our |my |her |his )?(?:house"
        r"|home|condo|place)\b|^(?:well |so |yes |yeah )?(?:we |i )?(?:had|owned) (?:a |an )?"
        r"(?:single ?wide|double ?wide|trailer|mobile home"
        r"|manufactured home|townhouse|townhome)\b"
        # "we've owned in Illinois for 30 years", "i was on a condo w my ex"
        r"|\b(?:we|i)(?:'ve| have|ve| ve) owned\b"
        r"(?! (?:a |an |my |our )?(?:business|car|truck|company))"
        r"|\bi was on (?:a|the|our|his|her|my ex'?s?) (?:condo|house|home|mortgage|deed|title)"
        # "the house was in both our names but we lost it", "we owned years ago"
        # "aquí no, pero tenemos una casa en México": a home they have
        r"|\bpero (?:tenemos|tengo|tuve|tuvimos) (?:una )?casa en\b"
        r"|\b(?:house|home|condo|place|deed|title|mortgage) (?:was|were) (?:in|under) (?:both )?"
        r"(?:our|my) names?\b|\b(?:we|i) owned\b(?! (?:a |an |my |our |the )?(?:business|car"
        r"|truck|company|boat|stock|shares|land))(?=[^.;!?]{0,50}\b(?:ago|before|sold|back)\b)",
        # not "when we looked into this the first time"
        r"(?<!the )(?<!this )(?<!that )first[\s-]?time|(?:the|this|that) first[\s-]?time"
        r" (?:buy\w*|home\w*|house|purchas\w*|owner"
        r"|(?:we|i)(?:'re| are| am|'m)? (?:buy|purchas)\w*)"
        r"|never (?:have )?(?:owned|bought)|haven'?t (?:ever )?(?:owned|bought)"
        r"|first one ever|first ever|never owned|first house|primer hogar|primera vivienda"
        r"|(?:always|only ever|still) rent(?:ed|ing)?\b|siempre (?:hemos |he )?rentado"
        r"|primera (?:vez|casa|casita)|(?:es|sera|seria) (?:la|mi|nuestra) primera\b"
        r"|nunca (?:he|hemos) (?:tenido|comprado)|1st (?:time|home)"
        r"|\b(?:ninguno|ninguna|nadie)(?: de (?:los|las) dos| de nosotros)? (?:ha|hemos|han)"
        r" (?:tenido|comprado)"
        r"|first (?:home|house|place|condo)|nunca (?:he|hemos) sido (?:dueñ|propietari)"
        # "First in the US", "En Estados Unidos sí, es el primero"
        r"|\bfirst (?:for|time for) (?:both|us both|the two of us|all of us|each of us)\b"
        r"|first (?:one |time |home |house )?(?:in|here in) (?:the )?(?:us|usa|u s|america"
        r"|states|united states)\b|(?:en|in) (?:los )?(?:estados unidos|eeuu|ee uu|usa|us|the us"
        r"|america|the states) (?:si|yes)\b|\bes (?:el|la|mi|nuestra) primer[oa]\b"
        r"|^aqui si\b",  # "aquí sí, en España tenía un piso": the first here
    ),
    "va_eligible": (
        r"not (?:a )?(?:veteran|vet\b|military)|never (?:served|been in|was in)|no military"
        r"|not in the military|didn'?t serve|did not serve|no service|not military"
        r"|no (?:soy|fui|somos|es) (?:veteran|militar)|nunca (?:servi|estuve|estuvo|estuvimos)"
        r"|\bno (?:veteran[oa]?s?|vet)\b"
        r"|no va\b(?! a\b)|no servi|ninguno de los dos(?! (?:ha|hemos) (?:tenido|comprado))"
        r"|ni (?:yo|el|ella) ni|no (?:hemos|he) servido"
        r"|no (?:estuve|estuvo|estuvimos) en (?:el ejercito|las fuerzas|la milicia)"
        r"|nunca (?:en|estuve en|he estado en) (?:el ejercito|la marina|las fuerzas|el army)"
        r"|servicio militar en (?:mexico|guatemala|el salvador|honduras|colombia|cuba|venezuela"
        r"|republica dominicana|peru|nicaragua|ecuador|mi pais|otro pais)|no en (?:estados unidos"
        r"|eeuu|usa|los estados)|fuerzas armadas de (?!(?:estados unidos|eeuu|usa))"
        r"|(?:was|am|i'?m) not (?:a )?(?:soldier|service ?member|in the (?:military|army))"
        r"|(?:contractor|interpreter) (?:with|for) the (?:army|military|navy|marines)"
        r"|work(?:ed)? (?:with|for) (?:the )?(?:us |u\.s\. )?(?:army|military) as (?:an? )?"
        r"(?:interpreter|translator|contractor|civilian)"
        r"|not me\b|,? (?:pero )?yo no\s*[.!]*$|i never did|never commissioned|no militar"
        # "nunca", not "nunca he comprado" (answering another question)
        r"|no soy militar|nada de militar|^(?:jamas|nunca)\b"
        r"(?!\s+(?:he|hemos|ha|han|habia)\s+(?:comprado|tenido|rentado|vivido|sido|pagado))"
        r"|(?:british|canadian|mexican|foreign|uk|australian|german|indian|filipino|korean)"
        r" (?:army|military|navy|air force|forces)|ejercito (?:dominicano|mexicano|cubano"
        r"|colombiano|venezolano|salvadoreño|guatemalteco|hondureño|peruano|de otro)"
        r"|(?:ejercito|army|military|militar|marina)\w* (?:en|in|de) (?:mexico|guatemala"
        r"|el salvador"
        r"|honduras|colombia|cuba|venezuela|republica dominicana|peru|nicaragua|ecuador|mi pais"
        r"|otro pais)\b"
        r"|ejercito de (?:mexico|guatemala"
        r"|honduras|el salvador|colombia|venezuela|otro pais|mi pais)|no el de aqui"
        r"|"
        + _RELATIVE_SERVED_IN_SERVICE
        + r"|\b(?:militar|military|army|ejercito|service|servicio"
        r"|veteran[oa]?)\s*[:,-]?\s*no\b(?! (?:longer|more|mas))"
        r"|never (?:in|been in|was in) (?:the )?(?:military|army|service|armed forces)"
        r"|neither (?:of us )?(?:served|was|were|(?:has|have)(?! (?:ever )?(?:owned|had|bought)))"
        r"|none of us(?! (?:has |have )?(?:ever )?(?:owned|had|bought))|nobody (?:in|here|served)"
        r"|nada de (?:militar|ejercito|army|military)|nunca (?:he|hemos) servido"
        r"|no (?:he|hemos) servido|yo no servi"
        r"|nadie (?:en (?:la|mi) familia )?(?:estuvo|sirvio|ha servido|fue)"
        r"|ninguno (?:de los dos |de nosotros )?(?:sirvio|ha servido|estuvo|fue)",
        # not "4th year at UF vet school", "a vet tech"
        r"\bveteran|\bvet\b(?! school| tech| clinic| office| med\b| student)|military(?! base)"
        r"|\barmy\b(?! base| depot| post)"
        r"|\bnavy\b(?! yard| base)|marines?\b(?! base| corps base)|air force(?! base)"
        r"|national guard"
        r"|served|active duty|\bva (?:loan|eligible|benefits?)|veteran[oa]|militar|ejercito"
        r"|servi\b|fuerza aerea|\bmarina\b|coast guard|\bdd-?214|\busmc\b"
        # "the reserves", "Army Reserve"; not "350k in a brokerage acct as reserves"
        r"|(?:the|army|navy|marine|marines|air force|coast guard) reserves?\b|\breservist"
        r"|\bguard\b|en las fuerzas|army vet|guardia (?:nacional|costera)"
        r"|\ben (?:la )?reserva\b|\bla reserva (?:del|de la|militar)|\breservista"
        r"|^\W*(?:i was |was |yes,? |yeah,? )?(?:in )?(?:the )?reserves?\W*$"
        r"|(?<!from )(?<!de )(?<!born in )\b(?:irak|iraq|afganistan|afghanistan|kuwait)\b"
        r"|enlist|me enliste|honorable discharge"
        r"|basic training|hice basic|boot camp|\bdd ?214\b|\busaf\b|\busn\b|\buscg\b|space force"
        r"|\bairman\b|\bsoldier\b|\bsailor\b|deployed|enlisted|\bsoldado\b|fuerzas armadas",
    ),
    "self_employed": (
        r"not self[\s-]?employed|(?<!sin )(?<!have a )\bw-?2s?\b|salaried"
        r"|^not anymore|^no longer|^ya no\b|\bemployee\b|\bemplead[oa]\b|asalariad"
        r"|(?:gets?|get) a paycheck|paystubs?|pay stubs?|talones? de cheque"
        r"|(?:me|nos|le|les) paga(?:n)? (?:\w+ ){0,3}(?:con|por|en) cheque"
        r"|\b(?:por|en) (?:la )?nomina\b"
        r"|(?:no|tampoco) (?:soy|somos|trabajo|trabajamos) (?:independientes?"
        r"|por (?:mi |nuestra )?cuenta(?: propia)?)|regular job|trabajo normal"
        r"|\b(?:no|not) self[\s-]?emp\b"
        r"|\bno (?:soy|somos|es|estoy) (?:self[\s-]?employed|1099|freelancer?|contratista)"
        r"|work (?:for|at) (?:a |an |the )|i work (?:for|at|in)\b(?! (?:myself|my ?self|me)\b)"
        r"|works for (?:a|an|the) (?:\w+ )?(?:company|firm|contractor)\b"
        r"|i work (?:\w+ ){1,2}for (?:a|an|the) (?:\w+ )?(?:company|firm|contractor|crew"
        r"|business|agency|plant|factory)\b"
        r"|trabajo (?:(?:de|como) \w+ )?(?:para|en) (?:una|un|la|el|las|los)\b"
        r"|con una compa[nñ]ia|para una compa[nñ]ia|me dan cheque|me pagan (?:con|por) cheque"
        r"|(?<!semi-)(?<!semi )\bretired\b|social security|pension|jubilad|retirad[oa]"
        r"|disability income|union (?:shop|job|member|hall|electrician|carpenter|plumber)"
        r"|(?:in|with|for) (?:a|the) union\b"
        r"|on payroll|full[\s-]?time (?:job|employee)|get a paycheck|no,? (?:i'?m )?employed"
        r"|\b(?:a little|a bit) on the side\b"  # "I tutor a little on the side": a job first
        # the job and the employer, as the whole answer: "cashier at publix", "cajera en walmart"
        r"|^(?!.*\b(?:realtor|agent|broker|contractor|owner|freelanc\w*|consultant|barber"
        r"|stylist|uber|lyft|doordash|door dash|instacart|grubhub|postmates|shipt|amazon flex"
        r"|didi|rappi)\b)(?:an? )?(?:(?!\w+ing\b)[a-z]+ ){1,2}(?:at|en) "
        r"(?:an? |the |el |la |un |una )?"
        r"(?!(?:my|our|home|house|casa|mi|myself|a living|me|us|you|it|now|the moment)\b)"
        r"\w+(?: \w+){0,2}\W*$"
        # "I am a pharmacist at CVS", "I am home health aide for agency, they pay me every 2 week"
        r"|\b(?:i'?m|i am|im|i m) (?:an? )?(?:(?!\w+ing\b)[a-z]+ ){1,3}(?:at|for) (?:an? |the )?"
        r"(?!(?:my|our|home|myself|a living|me|us|you|it|now|the moment|sale|rent)\b)"
        r"|\b(?:they|company|employer|job) pays? me (?:every|each|biweekly|weekly)",
        r"self[\s-]?employed|\b1099\b|own (?:my|a|our) (?:own )?(?:\w+ ){0,3}(?:business|company"
        r"|shop|salon|restaurant|store|llc)|business owner|freelanc|contractor|independiente"
        r"|por mi cuenta|por nuestra cuenta|negocio propio|propio negocio|cuenta propia|autonom"
        r"|tengo (?:mi|un) (?:propio )?(?:\w+ )?negocio|i'?m my own boss"
        r"|\b(?:uber|lyft|doordash|door dash|instacart|grubhub|postmates|shipt|amazon flex)\b"
        r"|gig (?:work|worker)|(?:we|i) (?:both |also )?own (?:a|an|my|our|the)|small business"
        r"|my own (?:business|company)"
        r"|trabajo para mi mismo|soy (?:mi propio )?jefe|negocito|paid (?:in )?cash"
        r"|\bconsult(?:ant|ing)?\b|i consult"
        r"|(?:tengo|tenemos) (?:una|un|mi|nuestr[oa]) (?:bodega|tiendita|restaurante|taqueria"
        r"|panaderia|carniceria|lonchera|puesto|troca|carreta|food truck)"
        r"|1099 and (?:a )?w-?2|w-?2 and (?:a )?1099|(?:los|las) dos cosas|\bambos\b|a bit of both"
        r"|me paga(?:n)? (?:en )?(?:cash|efectivo)|\bllc\b|own (?:\w+ ){0,2}(?:suite|shop"
        r"|salon|truck|studio|practice|firm|agency)|realtor|real estate agent|food truck"
        r"|(?:me )?pagan (?:en )?(?:cash|efectivo)|cash jobs|contratista"
        r"|mi (?:propi[oa] )?(?:taller|negocio|tienda|salon|troca|camion|compa[nñ]ia|empresa)"
        r"|do hair|hago (?:unas|uñas|pelo|cabello)|limpio casas|mostly cash|all cash"
        r"|(?:todo|todito|puro|casi todo) (?:en )?(?:efectivo|cash)"
        # "trabajo limpiando casas, tengo mis propios clientes"
        r"|(?:mis|my) (?:propios |own )clientes|my own clients|mis propios clientes"
        r"|\b(?:braid|braids|do|does) (?:hair|nails|lashes|braids)\b"
        r"|out (?:of )?(?:my|our) (?:apartment|house|home|garage|kitchen)\b"
        r"|sin w-?2|don'?t (?:have|get) (?:a )?w-?2"
        r"|cuido (?:a )?ni[nñ]os en (?:mi|la)|home daycare|daycare (?:at|in|out of|from) (?:my )?"
        r"(?:home|house)|(?:taller|negocio|tienda|empresa|compa[nñ]ia|business|shop) es mi[oa]\b"
        r"|somos (?:los )?dueñ[oa]s|(?:soy|somos) (?:el |la |los )?dueñ[oa]s?"
        r"|i sell (?:\w+ ){1,2}(?:from|out of) (?:home|my house|my truck|my garage)"
        r"|cleaning business|\bbarber\b|\bco-?own(?:er|s)?\b|part[ -]owner"
        r"|\bown (?:a|an|our|my) (?:\w+ (?:and )?){0,3}(?:seafood|crawfish|taco|pizza|burger|bbq"
        r"|barbecue|coffee|food|donut|sandwich|sushi|noodle|chicken|ice cream) (?:place|joint|spot"
        r"|shack|stand|shop)\b|independent contractor|\bk-?1s?\b|\bs-?corp\b"
        r"|\bowns? (?:his|her|their|a|an) (?:own )?(?:\w+ ){0,3}(?:business|company|shop|firm"
        r"|practice"
        r"|salon|studio|agency|store|restaurant)\b"  # "my husband owns his HVAC company"
        r"|(?:i|we) have (?:a |an |my |our )?(?:own )?(?:\w+ ){0,2}(?:company|business|gas station"
        r"|restaurant|store|shop|salon|bakery|daycare|practice|firm|agency|franchise|motel"
        r"|laundromat)\b|\bpartners? (?:\w+ ){0,2}50 ?/ ?50\b|\b50 ?/ ?50 partners?\b"
        r"|(?:i|we) (?:have|run|own|got) (?:a|my|our) (?:own )?(?:\w+ ){0,3}business"
        r"|partner (?:at|in|of) (?:a|an|the|my|our) (?:\w+ ){0,2}(?:firm|practice|agency|group)"
        r"|owner operator|dueñ[oa] de|tengo (?:un|una|mi) (?:\w+ )?(?:truck|taller|tienda|salon"
        r"|empresa|compa[nñ]ia)|rent (?:a|my) (?:chair|booth)|booth rent|por su cuenta"
        r"|(?:tiene|tienen) (?:su|una|un) (?:propia |propio )?(?:company|compa[nñ]ia|empresa"
        r"|negocio|taller)|(?:he|she) (?:owns|has) (?:a|his|her) (?:own )?(?:business|company)"
        r"|\b(?:my|our) own (?:\w+ )?(?:boat|outfit|rig|crew|operation|vessel|trucks?)\b"
        r"|\bown (?:my|our) (?:own )?(?:boat|rig|traps|trucks?|equipment|tools)\b"
        r"|rent (?:a|my|our) own (?:chair|booth|station|suite)"
        # "I do tile and floors on my own, my own jale"
        r"|\b(?:work\w*|do|does|doing|jale|jobs?|contract\w*)\b[^.,;]{0,30}\bon (?:my|our|his|her)"
        r" own\b|\bmy own (?:jale|gig|hustle)\b"
        r"|\b(?:work\w*|do|does|doing|jobs?)\b[^.;!?]{0,60}\bfor myself\b"
        r"|(?<!buying )(?<!buy )(?<!it )(?<!one )(?<!place )(?<!house )(?<!home )"
        r"\bfor myself\W*$"  # "i shovel driveways and paint houses, for myself"
        r"|\bruns? (?:his|her|my|our|a|an|the|their) (?:own )?(?:\w+ ){0,2}(?:shop|business"
        r"|company|store|restaurant|salon|daycare|practice|firm|farm|ranch|garage|outfit|bakery"
        r"|cafe|bar|studio|agency|crew|operation|clinic|truck)"
        r"|pagan por fuera|under the table|off the books|\bpropi[ao] (?:negocio|empresa|compa[nñ]ia"
        r"|barberia|tienda|taller|salon|restaurante|estetica|peluqueria|cafeteria|panaderia)"
        r"|(?:tengo|tiene|tenemos) (?:mi|su|una|un|nuestra|nuestro) (?:barberia|peluqueria|estetica"
        r"|panaderia|cafeteria|colmado|bodega|guarderia)"
        # "i clean houses, its my own thing", "I own two dental offices", "does catering"
        r"|\b(?:it'?s|its|it s|is) (?:my|our|her|his) own (?:thing|deal|gig)\b"
        r"|\bown (?:\w+ ){0,2}(?:offices|clinics|stores|shops|salons|restaurants|locations"
        r"|franchises|businesses|companies)\b"
        r"|\b(?:does|do|doing|hace|hago|hacemos) catering\b"
        # "bookkeeping for a few clients", "they pay me cash and zelle", "alquilo una silla"
        r"|\b(?:for|with) (?:a few|a couple of|several|some|my own|\d+) (?:\w+ )?clients\b"
        r"|\bpay me (?:in )?(?:cash|zelle|venmo|cash ?app)\b"
        r"|\b(?:alquilo|rento|renta de) (?:una |la )?silla\b"
        # terse: "self", "self emp", "fishing, self", "both" (a W-2 and their own)
        r"|(?<!my )(?<!your )(?<!him)(?<!her)(?<!no )(?<!not )\bself(?:[\s-]?emp\w*)?\W*$"
        r"|^\W*both\W*$",
    ),
}
_NONE = re.compile(
    r"^(?:0|none|no|nope|nah|neither|none of (?:them|those|these|the above)|nothing|not really"
    r"|ninguno|ninguna|ningun[oa]? de (?:esos|esas|ellos|ellas)|nada|n/a|nop|no ninguno"
    r"|no ninguna|nel|no aplica|none apply|nothing applies)\b"
)
_ALL = re.compile(r"^(?:all|all of them|all three|todos|todas|todo|las tres|los tres)\b")
_ORDINALS = {
    "first": 1, "1st": 1, "primer": 1, "primero": 1, "primera": 1,
    "second": 2, "2nd": 2, "segundo": 2, "segunda": 2, "two": 2,
    "third": 3, "3rd": 3, "tercer": 3, "tercero": 3, "tercera": 3, "three": 3,
    "fourth": 4, "4th": 4, "cuarto": 4, "cuarta": 4, "four": 4,
    "fifth": 5, "5th": 5, "quinto": 5, "quinta": 5, "five": 5,
}  # fmt: skip


# "what counts as self employed?", "no entiendo": the borrower needs the question explained.
_QUESTION_BACK = re.compile(
    r"\bno entiendo\b|\bwhat (?:counts|does|do you mean|is)\b|\bque (?:es|cuenta)\b|\bq es\b"
    r"|\bhuh\b|\bconfused\b|\bwdym\b|\bque significa\b"
    r"|\b(?:does|would|will|do) (?:\w+ ){1,3}count\b"
)


# Said in passing, not to the question, only a borrower's own words count: "the contractor
# can start in 8 weeks" does not make the borrower self-employed.
_VOLUNTEERED_SELF_EMPLOYED = (
    r"self[\s-]?employed|(?<!no )(?<!not )\bself[\s-]?emp\b|\b1099\b"
    r"|own (?:my|a|our) (?:own )?(?:\w+ ){0,3}(?:business|company)"
    r"|(?:tenemos|tengo) (?:un|una|mi|nuestro) (?:food truck|negocio|taller|troca de comida)"
    r"|(?:solo|only) (?:con )?(?:estados de cuenta|bank statements)|bank statement (?:loan|program)"
    r"|business owner|freelanc|i'?m (?:a |an )?(?:independent )?contractor|independiente"
    r"|i'?m (?:a |an )?(?:general|roofing|electrical|plumbing|hvac|painting|flooring|remodeling"
    r"|construction|framing|concrete|drywall|landscaping|fencing) contractor"
    r"|\bsoy (?:un |una )?contratista\b"
    r"|por mi cuenta|negocio propio|propio negocio|cuenta propia|trabajo para mi mismo"
)


# Owning the company that pays them: "W2 from my own company - I own 100% of an S-corp"
_OWNS_THE_EMPLOYER = (
    r"\b(?:i|we) own (?:100|[2-9]\d) ?(?:%|percent|of)"
    r"|\bw-?2 from (?:my|our) own (?:company|business)"
    r"|\b(?:la|el|mi) (?:compa[nñ]ia|empresa|negocio) es mi[oa]\b|\bpay myself\b"
    # "the custom harvest is my own business, the elevator is W2": one job of their own
    r"|\b(?:is|es) (?:my|mi) (?:own |propio |propia )?(?:business|company|negocio|empresa)\b"
    r"|\b(?:business|company|truck|shop|salon|taller|negocio|lonchera|operation|crew)"
    r" (?:is|es) (?:mine|mio|mia|my own)\b"
    r"|\b(?:went|gone|going|struck|branched|striking|branching) out on (?:my|our|his|her) own\b"
)
_STRONG_YES = {
    "self_employed": r"(?<!not )(?<!no )(?<!was )(?<!used to be )(?<!no soy )(?<!no somos )"
    r"(?<!no es )\b(?:1099|self[\s-]?employed)"
    r"\b(?! no)"
    # "I do alterations from home, people pay me directly. That and social security"
    r"|\b(?:people|clients|customers|families|patients|students) pay me (?:directly|direct)\b"
    r"|\bme pagan (?:directo|directamente) (?:los|mis) clientes\b|" + _OWNS_THE_EMPLOYER,
    "va_eligible": r"fallecio en servicio|died (?:in service|on active duty)|surviving spouse"
    r"|(?<!can i )(?<!could i )(?<!puedo )(?:use|usar) (?:my |the |el |mi )?va\b|va benefits"
    # "my dad is a vet and wants to use his VA loan": the one who uses it is the one buying
    r"|\bwants? to (?:use|usar) (?:his|her|their|su) va\b"
    r"|beneficios (?:del )?va"
    # the jargon of serving now: "im an E-4 at lejeune, BAH w/ dependents"
    r"|\bbah\b|\be-?[1-9] (?:at|in|stationed|on)\b|\bpcs(?:ing)?\b",
    # "neither of us has owned before", "ninguno de los dos ha tenido casa"
    "first_time_buyer": r"\b(?:neither|none) of us (?:has |have )?(?:ever )?(?:owned|had|bought)"
    # "I had a place with my ex, only in his name": never theirs
    r"|\b(?:only|just) (?:in|on|under) (?:her|his|their|my ex'?s?) names?\b"
    r"|\bin (?:her|his|their) names? only\b"
    r"|\bninguno de (?:los dos|nosotros) (?:ha|hemos) (?:tenido|comprado)",
}


# "neither of us is self-employed", "nobody here is 1099": a fact's own words, negated. A
# bare "no" is left out: "no, I'm self employed" answers the question before.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|neither|nor|never|nobody|no one|none of us|isn'?t|aren'?t|wasn'?t|nunca|nadie"
    r"|ninguno)\b[^,.;!?]{0,20}$"
)


# "para abrir mi propio negocio", "to start my own business": a plan, not what they are
_TO_BE = re.compile(
    r"\b(?:abrir|empezar|comenzar|montar|poner|start|open|launch|begin|someday|algun dia)\b"
    r"[^,.;!?]{0,15}$"
)


_VOLUNTEERED_EMPLOYED = (
    r"not self[\s-]?employed|(?<!no tengo )(?<!no tenemos )(?<!sin )(?<!have a )(?<!no )"
    r"(?<!don't have )(?<!dont have )(?<!do not have )\bw-?2s?\b|salaried"
    r"|(?:no|tampoco) (?:soy|somos|trabajo|trabajamos) (?:independientes?"
    r"|por (?:mi |nuestra )?cuenta(?: propia)?)"
    r"|\bno (?:soy|somos|es|estoy) (?:self[\s-]?employed|1099|freelancer?|contratista)"
    r"|\b(?:no|not) self[\s-]?emp\b"
)


# "mostly W2 thru agencies but some 1099 per diem", "my main job is W2": employed, with a side
# income that does not make them self-employed
_MOSTLY_EMPLOYED = re.compile(
    r"\b(?:mostly|mainly|primarily)\s+(?:a\s+)?w-?2\b|\bmain (?:job|income|work) is (?:a )?w-?2\b"
)


def flags_in(text: Any, *, asked: bool = True) -> dict[str, bool]:
    """The yes-or-no facts a borrower volunteers: "first time buyer", "I'm a veteran"...

    `asked`: the reply answers a yes-or-no question; otherwise only clear self-references count.
    """
    cleaned = fold(text)
    found: dict[str, bool] = {}
    for slot, (says_no, says_yes) in _FLAG_PATTERNS.items():
        if not asked and slot == "self_employed":
            says_yes, says_no = _VOLUNTEERED_SELF_EMPLOYED, _VOLUNTEERED_EMPLOYED
            # said in passing, only the borrower's own: "My husband is self-employed and the
            # LO said maybe just put it in my name"; "i'm a nurse (W2) and my wife is a self
            # employed photographer" (not "me and my wife are")
            cleaned = _own_words(
                re.sub(
                    r"(?<!\bme)\s+(?=(?:and|but|y|pero|while) (?:my|mi|his|her|their|su|our) )",
                    ", ",
                    fold(text),
                )
            )
        elif not asked and slot == "first_time_buyer":
            cleaned = _own_words(fold(text))  # "our son is a first-time buyer up in Denver"
        else:
            cleaned = fold(text)
        if slot == "self_employed" and _MOSTLY_EMPLOYED.search(cleaned):
            found[slot] = False
            continue
        strong = _STRONG_YES.get(slot)
        strong_match = re.search(strong, cleaned) if strong else None
        if slot == "va_eligible" and re.search(r"\bcivilian\b|\bgs-?\d{1,2}\b", cleaned):
            strong_match = None  # "DoD civilian (GS-11), got PCS orders": orders, not service
        if strong_match and not _NEGATED_BEFORE.search(cleaned[: strong_match.start()]):
            found[slot] = True  # "a 1099 consultant since retiring" is self-employed
        elif re.search(says_no, cleaned):
            found[slot] = False
        elif (
            (yes := re.search(says_yes, cleaned))
            and not _NEGATED_BEFORE.search(cleaned[: yes.start()])
            and not _TO_BE.search(cleaned[: yes.start()])
        ):
            found[slot] = True
    if asked and "first_time_buyer" not in found and re.search(r"\bfirst[\s-]?time\b", fold(text)):
        found["first_time_buyer"] = True  # "it's the first time", answering the question
    if asked and "first_time_buyer" not in found and _FIRST_ALONE.fullmatch(fold(text)):
        found["first_time_buyer"] = True  # "1st", "first one", "primera"
    if not asked and found.get("va_eligible") and _VA_DOUBTED.search(fold(text)):
        del found["va_eligible"]  # "buddy said VA loan is the move but idk if i qualify": asked
    return found


_FIRST_ALONE = re.compile(
    r"\W*(?:yes\W+|yeah\W+|yep\W+|si\W+)?(?:my |our |the |mi |la |nuestra )?"
    r"(?:1st|first|primer[ao]?)(?: one| time| home| house| casa| vez)?\W*"
)
_VA_DOUBTED = re.compile(
    r"\b(?:idk|not sure|no se|unsure|wondering|dunno|don'?t know)\s+(?:if|whether)\s+"
    r"(?:i|we)\s+(?:qualify|count|am eligible|are eligible|can use)"
)


def ordinal_choices(text: Any, count: int) -> set[int]:
    """Menu items picked by number or ordinal word: "1 and 3", "the first", "la segunda", "last"."""
    cleaned = " ".join(re.sub(r"[^a-zñ0-9 ]", " ", fold(text)).split())
    # "not first time": the fact's own words, not an ordinal
    cleaned = re.sub(r"\b(?:first|1st|primera?)\s+(?:time|home|house|casa|vez)\b", " ", cleaned)
    picked = {_ORDINALS[w] for w in cleaned.split() if w in _ORDINALS}
    picked |= {int(d) for d in re.findall(r"(?<![\d.,$])\b(\d)\b(?![\d.,])", cleaned)}
    if re.fullmatch(r"[1-9]{2,5}", cleaned):  # "13": items 1 and 3
        picked |= {int(d) for d in cleaned}
    # "the last two", "el ultimo"; not "our last house"
    # "last i checked", "la ultima vez" are no pick either
    last = (
        r"\b(?:last|ultim[oa])\b(?! (?:house|home|place|condo|year|month|week|time|job|loan"
        r"|i\b|we\b|checked|looked|vez|que|informe|reporte|report|statement|estado)\b)"
    )
    if re.search(last, cleaned):
        picked.add(count)
    return {n for n in picked if 0 <= n <= count}


# A clause about someone else: "my wife is retired", "mi hermano trabaja con W2".
_SOMEONE_ELSE = re.compile(
    r"^\s*(?:and |y |but |pero |while |mientras )?(?:(?:(?:my|mi|his|her|their|su|our|nuestr[oa])"
    r" )?(?:wife|husband|spouse|partner|brother|sister|mom|mother|dad|father|son|daughter"
    r"|hermano|hermana|esposa|esposo|mama|papa|madre|padre|hijo|hija|novio|novia|pareja"
    r"|fiance|fiancee|boyfriend|girlfriend|co-?borrower|cosigner|hubby|hubs|wifey|bf|gf)"
    r"|(?:he|she|they|el|ella)\b"
    r"|(?:mis|sus|nuestros|my|our) (?:hijos|hijas|kids|sons|daughters|parents|padres)\b"
    # "nate's W2 at dell": someone named, with their own job
    r"|(?!(?:it|that|what|there|here|let|who|where|how|mine|one)'s\b)[a-z]+'s (?:a )?(?:w-?2"
    r"|salaried|employed|self[\s-]?employed|1099)\b)"
)


# The other borrower's income counts: "we need her income to qualify, shes on the loan"
_SPOUSE_ON_LOAN = re.compile(
    r"\b(?:she'?s|he'?s|shes|hes|she is|he is|she will be|he will be|they'?re|both of us are)"
    r"\s+(?:also\s+)?on the (?:loan|mortgage)|\bneed (?:her|his|their) income"
    r"|\b(?:los dos|ambos) (?:vamos|estamos|estaremos) en el prestamo"
    r"|necesitamos (?:los |el )?ingresos? de (?:ella|el)|\bco-?borrower"
)
_ANOTHER_BORROWER = re.compile(
    rf"{_SOMEONE_ELSE.pattern}|\s*(?!i\b|we\b|yo\b|it\b)[a-z]+ (?:is|has|runs|owns|tiene|trabaja)\b"
)


def without_others_off_the_loan(text: Any) -> str:
    """ "Ella tiene buen crédito, como 750, pero no va a estar en el préstamo": the text less
    what is said of someone who will not borrow (their score is not the borrower's)."""
    folded = fold(text)
    return _own_words(folded) if _SERVES_NOT_ON_LOAN.search(folded) else str(text)


def _own_words(folded: str) -> str:
    """The reply less its clauses about someone else (they can say the opposite)."""
    clauses = re.split(
        r"(?<=[.;!?])\s+|,\s*(?=(?:and|but|y|pero|while)\b)|\s+(?=(?:y yo|and i|pero yo|but i)\b)"
        # "I own a practice, my husband is W2", "the food truck is mine, she is W2"
        r"|,\s*(?=(?:my|mi|his|her|their|su|our|nuestr[oa])\s)|,\s*(?=(?:he|she|ella)(?:'s|s)?\s)",
        folded,
    )
    return " ".join(c for c in clauses if not _SOMEONE_ELSE.match(c)).strip()


_YES_NO_TAKEN_BACK = re.compile(
    r"^\W*(?:yes|yeah|si|no|nope|nah)\W+(?:\w+\W+)?(?:bueno|well|wait|actually|i mean|digo"
    r"|mejor dicho|o sea)\W+(yes|yeah|si|no|nope|nah)\b(?!\s+(?:tengo|tenemos|have|hay)\b)"
)
# The one texting says it is not them, after someone else: "mi esposo tiene su negocio, yo no",
# "My late husband was in Vietnam. I was not."
_OWN_NO_AT_END = re.compile(
    r"(?:[,.]|\bpero|\bbut)\s*(?:yo no|not me|i'?m not|i am not|i don'?t|yo tampoco|i was not"
    r"|i wasn'?t|i did not|i didn'?t)\W*$"
)
_ANOTHER_PERSON = re.compile(
    r"\b(?:he|she|they|his|her|their|dad|father|mom|mother|husband|wife|brother|sister|son"
    r"|daughter|grandpa|grandfather|uncle|partner|el|ella|papa|padre|esposo|esposa|hermano"
    r"|hijo|abuelo|tio)\b"
)


def _after_the_last_question(folded: str, asked: str) -> dict[str, bool]:
    """A reply that answers the question before first, then this one in its words: "yes
    Army, 11 years. No, not self-employed", "no, no militar. y trabajo por mi cuenta"."""
    clauses = [c for c in re.split(r"[.;!]+\s*", folded) if c.strip()]
    if len(clauses) < 2:
        return {}
    first = flags_in(clauses[0])
    if not first or asked in first:
        return {}
    later = flags_in(" ".join(clauses[1:])).get(asked)
    return {} if later is None else {**first, asked: later}


# A grown child texting for a parent or relative who is the borrower: "my parents want a house
# in El Paso", "helping my tio buy in Lexington", "mi papá quiere refinanciar"
_RELATIVE = (
    r"(?:parents|folks|dad|mom|mother|father|padres|papas|papa|mama|jefit[oa]s?|jef[ae]"
    r"|tio|tia|uncle|aunt|abuel[oa]s?|grand(?:ma|pa|mother|father|parents)|in-laws|suegr[oa]s?)"
)
_FOR_A_RELATIVE = re.compile(
    rf"(?<!\bme and )(?<!\bi and )(?<!\byo y )\b(?:my|mi|mis) {_RELATIVE}\b"
    r"(?! and (?:i|me)\b| (?:y|e) yo\b|,? (?:me|i) and\b)"
    r"(?:(?!\b(?:we|i|us|yo|nosotros)\b)[^.,;!?]){0,40}?"
    r"\b(?:wants?|quieren?|needs?|necesitan?|(?:is|are) (?:looking|trying|wanting)"
    r"|buy\w*|compra\w*|refi\w*|lower|bajar|sacar|pull|paid off|pagaron|pago)\b"
    rf"|\b(?:helping|ayudando a|ayudandole a|texting for|asking for|on behalf of|de parte de)"
    rf" (?:my|mi|mis) {_RELATIVE}\b"
)
# What they say of that relative, in the words a borrower uses of themself
_RELATIVE_SUBJECT = re.compile(rf"\b(?:my|mi) {_RELATIVE}\b|\b(?:he|she)\b")
_THIRD_PERSON_VERB = {
    "'s": "am", "is": "am", "has": "have", "does": "do", "owns": "own", "runs": "run",
    "works": "work", "drives": "drive", "gets": "get", "files": "file", "sells": "sell",
    "cleans": "clean", "makes": "make", "was": "was",
}  # fmt: skip
_I_THIRD_PERSON = re.compile(rf"\bi ?({'|'.join(_THIRD_PERSON_VERB)})\b")
# "mi papá tiene un restaurante": "yo tengo un restaurante"
_SU_RELATIVE_SUBJECT = re.compile(rf"\bmi {_RELATIVE}\b")
_ES_THIRD_PERSON_VERB = {
    "tiene": "tengo", "es": "soy", "trabaja": "trabajo", "estuvo": "estuve", "fue": "fui",
    "maneja": "manejo", "vende": "vendo", "hace": "hago", "sirvio": "servi", "limpia": "limpio",
    "esta": "estoy", "cobra": "cobro", "gana": "gano",
}  # fmt: skip
_YO_THIRD_PERSON = re.compile(rf"\byo ((?:no |si |tambien )?)({'|'.join(_ES_THIRD_PERSON_VERB)})\b")


def texting_for_a_relative(texts: list[str]) -> bool:
    """Whether the borrower's texts say the loan is a parent's or relative's, not theirs."""
    return any(_FOR_A_RELATIVE.search(fold(t)) for t in texts)


# "my tio was a marine lol but that doesnt count": said, then set aside
_DOES_NOT_COUNT = re.compile(
    r"[^,.;!?]*\b(?:but|pero)\s+(?:that|it|eso|esa|ese)\s+(?:doesn'?t|does not|dont|no)"
    r"\s+(?:count|cuenta)\w*"
)


def as_the_borrower(text: str) -> str:
    """ "my dad has a tire shop": said of the relative who borrows, read as the borrower's own
    words; a reply that speaks of the sender too ("I'm salaried, he isn't") is kept as is."""
    folded = _DOES_NOT_COUNT.sub(" ", fold(text))
    if re.search(r"\b(?:i|i'?m|im|me|my own|mine|yo|soy|tengo)\b", folded):
        return folded
    if _SU_RELATIVE_SUBJECT.search(folded):
        said = _SU_RELATIVE_SUBJECT.sub("yo", folded)
        return _YO_THIRD_PERSON.sub(
            lambda m: f"yo {m.group(1)}{_ES_THIRD_PERSON_VERB[m.group(2)]}", said
        )
    said = _RELATIVE_SUBJECT.sub("i", folded)
    return _I_THIRD_PERSON.sub(lambda m: "i " + _THIRD_PERSON_VERB[m.group(1)], said)


# "sí, trabajo por contrato... no, perdón, ahora me pagan por nómina": the words after it count
_CORRECTED_TO = re.compile(
    r"\b(?:no,? perdon|perdon,? no|no,? wait|wait,? no|actually,? no|no,? sorry|sorry,? no"
    r"|mejor dicho|no,? espera|no,? digo)\b"
)


def parse_flag_answer(text: Any, asked: list[str]) -> dict[str, bool]:
    """The answer to a yes-or-no question, or to a menu of the slots in `asked`.

    With one item asked a plain yes / no answers it. For a menu, numbers and ordinal words
    pick items ("1 3", "just the first", "el tercero"), 0 / none makes all of them false,
    words that name a fact count ("army vet"), and once a reply names any item the items it
    leaves out are false. A bare "yes" to several items is unknown, as is "not sure".
    """
    folded = fold(text)
    corrections = list(_CORRECTED_TO.finditer(folded))
    if len(asked) == 1 and corrections and corrections[-1].start() > 0:
        later = flags_in(folded[corrections[-1].end() :]).get(asked[0])
        if later is not None:
            return {asked[0]: later}
    # "i rent a booth so kinda self employed?": the words answer it, the "?" is doubt
    doubted = (
        len(asked) == 1
        and asked[0] in flags_in(folded)
        and re.search(
            r"\b(?:kinda|kind of|sort of|sorta|i guess|i think|basically|technically|creo"
            r"|supongo|mas o menos)\b",
            folded,
        )
    )
    # "I clean houses, get paid cash, so yes?": the verdict, asked back only out of doubt
    verdict = re.search(
        r"\b(?:so|then|entonces|asi que)\s+(?:i guess\s+|i think\s+|creo que\s+|technically\s+"
        r"|basically\s+|tecnicamente\s+)?"
        r"(yes|yeah|si|no)\s*\?+\W*$",
        folded,
    )
    if len(asked) == 1 and verdict:
        return {asked[0]: verdict.group(1) != "no"}
    asks_back = _QUESTION_BACK.search(folded) or (
        "?" in folded and parse_yes_no(text) is None and not doubted
    )
    if (
        asked == ["va_eligible"]
        and _SPOUSE_SERVED.search(folded)
        and _OWN_NO_AFTER.search(folded)
        and not _SPOUSE_SERVED_ON_LOAN.search(folded)
    ):
        return {"va_eligible": False}  # "My husband was in the Army. I was not."
    if len(asked) == 1 and (both := _after_the_last_question(folded, asked[0])):
        return both  # "yes Army, 11 years. No, not self-employed"
    if asked == ["va_eligible"] and re.search(_RELATIVE_SERVED, folded):
        if re.search(
            r"\b(?:me too|me also|yo tambien|so did i|so was i|i did too|i was too)\b", folded
        ):
            return {"va_eligible": True}  # "my dad was marines, me too"
        if re.search(
            r"[.,;]\s*(?:but\s+)?(?:i wasn'?t|i was not|i didn'?t|not me|yo no)\b", folded
        ):
            return {"va_eligible": False}  # "my dad was, i wasnt"
    if asked == ["first_time_buyer"] and (
        _BOTH_OF_US_YES.match(folded) or _MY_OWN_FIRST.match(folded)
    ):
        return {"first_time_buyer": True}  # "me and my husband yes, my dad owned before"
    if asked == ["va_eligible"] and _SERVES_NOT_ON_LOAN.search(folded):
        # "yo no, mi esposo sí... pero no va a estar en el préstamo"
        if re.match(r"\W*(?:no|nope|yo no|not me|me no)\b", folded):
            return {"va_eligible": False}
        if _SPOUSE_SERVED.search(folded) and not flags_in(_own_words(folded)).get("va_eligible"):
            return {"va_eligible": False}  # "my husband was in the marines but hes not on the loan"
    elif asked == ["va_eligible"] and _SPOUSE_SERVED_ON_LOAN.search(folded):
        return {"va_eligible": True}  # "my husband was in the Army... he'd be on the loan"
    if asks_back and asked == ["va_eligible"]:
        # "I was in the Army Reserve, does that count?": any service of their own is a yes
        # for now (the LO checks the certificate); a parent's service is a no.
        if re.search(_RELATIVE_SERVED, folded):
            return {"va_eligible": False}
        own_no = re.match(r"\W*(?:no|nope|nah|i didn'?t|i did not|i never|not me|yo no)\b", folded)
        if _SPOUSE_SERVED.search(folded) and not own_no:
            # "my husband was in the navy reserves 6 yrs, does that count": said of a spouse
            # it reads as a statement does, unless they will not be on the loan
            return {"va_eligible": not _SERVES_NOT_ON_LOAN.search(folded)}
        own = bool(re.search(r"\b(?:i|i'?m|im|i was|i did|i served|yo|fui|servi|estuve)\b", folded))
        # "no. well national guard 6 yrs, does that count?": no one else named, their own
        stated = " ".join(c for c in re.split(r"[.,;!]+", folded) if "?" not in c)
        own = own or (
            not _ANOTHER_PERSON.search(folded) and bool(flags_in(stated).get("va_eligible"))
        )
        doubtful = re.search(r"basic training|boot camp|de baja|discharg|kicked out", folded)
        if own and not doubtful and flags_in(folded).get("va_eligible"):
            return {"va_eligible": True}
    if asked == ["self_employed"]:  # a household's home or service is shared; a job is not
        # "Mike is a contractor, owns his own business. I'm W2": the other borrower's business
        # counts (a reply that leads with "no" answers for the speaker alone)
        parts = [c for c in re.split(r"(?<=[.;!?])\s+|,\s*", folded) if c.strip()]
        if _SPOUSE_ON_LOAN.search(folded) and any(
            _ANOTHER_BORROWER.match(c) and flags_in(c).get("self_employed")
            for c in re.split(
                r"(?<=[.;!?])\s+|,\s*|\s+(?=(?:but|pero|and my|y mi|y yo|and i)\b)", folded
            )
        ):
            return {
                "self_employed": True
            }  # "I'm W2 but my wife owns her studio... she's on the loan"
        proxy = re.match(r"\W*(?:she|he)(?:'s| is)\b", folded)  # "she is, she owns a practice"
        if (
            not re.match(r"(?:no|nope|nah|nel)\b", folded)
            and not _OWN_NO_AT_END.search(folded)  # "mi esposo tiene su negocio, yo no"
            and not _SERVES_NOT_ON_LOAN.search(folded)  # "he does doordash... hes not on it"
            and any(
                _ANOTHER_BORROWER.match(c) and flags_in(c).get("self_employed")
                for c in (parts if proxy else parts[:-1])
            )
        ):
            return {"self_employed": True}
        own_words = _own_words(folded)
        changed = own_words != folded
        # "im a server so tips... is that self employed? i get a w2": the question is no answer
        unasked = re.sub(r"[^.!?]*\?", " ", own_words).strip()
        own_words = unasked if unasked and "?" in own_words else own_words
        if changed and (said := flags_in(own_words).get(asked[0])) is not None:
            return {asked[0]: said}  # "tengo LLC. mi hermano trabaja con W2": the borrower's
    if asks_back and len(asked) == 1:
        last = [s for s in re.split(r"[.?!]+", folded) if s.strip()]
        if len(last) > 1 and (said := flags_in(last[-1]).get(asked[0])) is False:
            return {asked[0]: False}  # "que es eso? si es del ejercito no, nunca": "si" is "if"
        if len(last) > 1 and (plain := parse_yes_no(last[-1])) is not None:
            return {asked[0]: plain}  # "what does that have to do with anything. no"
        lead = re.match(
            r"(yes|yeah|yep|si|no|nope|nah|nel|i'?m not|im not|i am not|not me|yo no)"
            r"\s*[,.!]+\s*\S",
            fold(text),
        )
        tail = re.split(r"\?", str(text))[-1]
        if lead:  # "I'm not, I'm a receptionist. but he does landscaping... does that matter?"
            return {asked[0]: lead.group(1) in ("yes", "yeah", "yep", "si")}
        if tail.strip() and "?" in str(text):
            answered = parse_flag_answer(tail, asked)
            if answered.get(asked[0]) is not None:
                return answered
        if flags_in(folded).get(asked[0]) is False:
            return {asked[0]: False}  # "I was not a soldier... does it count?": a no
        if asked == ["self_employed"] and "?" not in str(text) and flags_in(folded).get(asked[0]):
            return {asked[0]: True}  # "idk what counts, i file a 1099": the 1099 says it
        stated = re.sub(r"[^.,;!?]*\?", " ", folded)
        if (
            asked == ["self_employed"]
            and stated.strip()
            and flags_in(stated).get(asked[0])
            and not re.search(r"\bw-?2\b|\bpayroll\b|\bpaycheck\b", folded)
        ):
            return {asked[0]: True}  # "i drive for lyft full time, is that self employed?"
        never = re.search(r"\b(?:never|nunca|haven'?t ever)\b", folded)
        if asked == ["first_time_buyer"] and never and flags_in(folded).get(asked[0]):
            return {asked[0]: True}  # "never owned a regular house, does that count?"
    if asks_back or (says_unknown(text) and not flags_in(text)):
        return {}
    cleaned = " ".join(re.sub(r"[^a-zñ0-9/ -]", " ", fold(text)).split())
    cleaned = re.sub(r"^(?:zero|cero)\b", "0", cleaned)
    # The facts asked about are read fully; the others only when clearly volunteered.
    answer = {k: v for k, v in flags_in(cleaned).items() if k in asked}
    # a bare "not me" / "yo no" answers the question asked, not the others
    unasked = re.sub(r"(?:\b(?:pero )?yo no|\bnot me|\bi never did)\W*$", " ", cleaned)
    answer |= {k: v for k, v in flags_in(unasked, asked=False).items() if k not in asked}
    if len(asked) == 1:
        yes_no = parse_yes_no(text)
        if yes_no is None and re.search(r"\b(?:i\s?'?\s?m not|i am not|not me|yo no)\b", cleaned):
            yes_no = False  # "my husband is, i'm not"
        if yes_no is None and re.match(
            r"\W*(?:i am|i'?m|we are|we'?re|i do|we do|i did|we did|i sure am|yo si|si soy|lo soy)"
            r"\s*(?:$|[,.;!-])",
            folded,
        ):
            yes_no = True  # "I am, I own two dental offices": the question's own yes
        if yes_no is None and re.match(
            r"\W*(?:i did not|i didn'?t|we did not|we didn'?t|i have not|i haven'?t|i never have)"
            r"\b",
            folded,
        ):
            yes_no = False
        # (for the first-home question "mis papás sí pero yo no" is a yes: they never owned)
        if (
            asked[0] in ("self_employed", "va_eligible")
            and _OWN_NO_AT_END.search(folded)
            and re.search(_ANOTHER_PERSON, folded)
        ):
            return answer | {asked[0]: False}  # "mi esposo tiene su negocio, yo no"
        if yes_no is None and re.fullmatch(
            r"(?:neither|none) of us|ninguno de (?:los dos|nosotros)", cleaned.strip()
        ):
            yes_no = False  # "neither of us": the couple answers no
        if yes_no is None and re.search(
            r"\b(?:yo tampoco|tampoco yo|nosotros tampoco|me neither|nor me|neither (?:did|am|do"
            r"|have) i)\b",
            cleaned,
        ):
            yes_no = False  # "mi esposo no, yo tampoco"
        sentences = [s for s in re.split(r"[.?!]+", folded) if s.strip()]
        if yes_no is None and len(sentences) > 1:
            yes_no = parse_yes_no(sentences[-1])  # "what does that have to do with it. no"
        tail = re.split(r",", sentences[-1])[-1] if sentences else ""
        if yes_no is None and len(tail.split()) <= 2 and "," in folded:
            yes_no = parse_yes_no(tail)  # "I'm a professor, no": the answer after the story
        concluded = re.search(
            r"\b(?:so|then|entonces|asi que)\s+(?:technically\s+|basically\s+|i guess\s+"
            r"|tecnicamente\s+)?(yes|yeah|ya|yep|yup|si|no|nope|nah)\b",
            cleaned,
        )
        if yes_no is None and concluded:
            yes_no = concluded.group(1) not in ("no", "nope", "nah")  # "I consult, so yes"
        at_the_end = re.search(r"\b(?:so|then|entonces|asi que)\s+(yes|yeah|si|no)\s*$", cleaned)
        if at_the_end:  # "my brother is in the army but he's not buying with us, so no"
            return answer | {asked[0]: at_the_end.group(1) != "no"}
        # "no pero mi hijo esta en la marina" leads with the answer; "no tengo W2" does not
        leading = re.match(
            r"(?:yes|yeah|yep|si|sip|no|nope|nah|nel|ño)\b(?! (?:tengo|tenemos|have|hay)\b)",
            cleaned,
        )
        owner = asked[0] == "self_employed" and re.search(_OWNS_THE_EMPLOYER, cleaned)
        taken_back = _YES_NO_TAKEN_BACK.search(cleaned)
        if leading and taken_back:  # "si... bueno no, nos dan W2": the second word stands
            return answer | {asked[0]: taken_back.group(1) in ("yes", "yeah", "si")}
        if leading and yes_no is not None and not owner:
            answer[asked[0]] = yes_no  # "no pero mi hijo esta en la marina": the reply says no
        elif asked[0] not in answer and yes_no is not None:
            answer[asked[0]] = yes_no
        return answer
    picked = ordinal_choices(cleaned, len(asked))
    if picked == {0} or (_NONE.match(cleaned) and not any(answer.values()) and not picked):
        return dict.fromkeys(asked, False) | answer
    if _ALL.match(cleaned):
        return dict.fromkeys(asked, True)
    chosen = {slot: True for i, slot in enumerate(asked) if i + 1 in picked}
    answer = answer | chosen
    if answer:
        return {slot: answer.get(slot, False) for slot in asked} | answer
    return {}


# --- occupancy, only when volunteered ---------------------------------------------------------

_OCCUPANCY: tuple[tuple[str, str], ...] = (
    (
        "investment",
        r"investment|rental|rent(?:ing)? (?:it |them |both units )?out|investor|inversion"
        r"|\binvertir en\b|\bto rent (?:it |them )?(?:out )?to\b"
        r"|pa(?:ra)? (?:rentar|alquilar|arrendar)|rentarla|alquilarla|arrendarl[oa]|que rento"
        r"|la rento|lo rento|los rento|las rento|rento todo|rentada|pa(?:ra)? arriendo"
        r"|es de renta|casa de renta"
        # "a fourplex ... all 4 units are rented", "un triplex rentado", "tenant moved in"
        r"|\b(?:is|are|all|units?|already|currently|fully) (?:\w+ )?rented\b|\brented out\b"
        r"|\b(?:esta|estan|todo|todas|ya|casa|unidad(?:es)?|apartamentos?|propiedad|\w*plex)"
        r" rentad[oa]s?\b|\btenants? (?:moved in|in place|pays?|paying|already)\b"
        r"|\bbrr+r?\b|\bdscr\b|\bfix (?:n|and|&|'n'?) flip\b|\bflip(?:ping|s)?\b(?! side)",
    ),
    (
        "second_home",
        r"second home|2nd home|segunda casa"
        r"|vacation (?:home|place|house|cabin|property|spot|condo|townhouse|apartment|villa)"
        # "we'd keep our main house in ohio": the one they buy is not it
        r"|\bkeep(?:ing)? (?:our|my) (?:main|primary) (?:house|home|residence)\b"
        r"|\bhunting (?:cabin|shack|lodge|property|place)\b"
        r"|\b(?:de|para|pa) (?:caceria|cazar|pesca|pescar)\b[^.;!?]{0,20}\bfines de semana\b"
        # "we'd only be there in the fall, our main house is in Memphis"
        r"|\b(?:our|my) (?:main|primary) (?:house |home |residence )?is (?:in|back|up|down|still)\b"
        r"|\b(?:we|i|have|we'?ve|i'?ve) winter(?:ed)? (?:in|down|here|there)\b|segunda vivienda"
        r"|second residence|segunda residencia"
        r"|lake (?:place|house|home|cabin)|holiday (?:home|place|house)|weekend/holiday"
        r"|casa de (?:vacaciones|descanso)|beach house|weekend (?:place|home|getaway)|getaway"
        r"|for (?:the )?summers?\b|summer (?:place|home|house|camp)|para los veranos"
        r"|\bbeach (?:place|condo|cottage)\b"
        r"|for the winters\b|winter (?:place|home|house)|snowbirds?\b|para los inviernos"
        r"|\bweekends? (?:and such|place|getaway|spot)\b|\bfor (?:the )?weekends\b"
        # "a cabin in mccall we use on weekends", "a vacation condo ... not our main home"
        r"|\b(?:use|ski|stay in|go up to)\w* (?:it |there )?(?:on |most |on the |some )?weekends\b"
        r"|\bnot (?:our|my) (?:main|primary) (?:home|house|residence)\b"
        r"|\bfor vacations?\b|\bpara (?:las |ir de )?vacaciones\b"
        # "pa' pasar los inviernos", "pa' los fines de semana", "una casita de playa"
        r"|\bpasar (?:los|el) (?:inviernos?|veranos?)\b|\bpara los (?:inviernos|veranos)\b"
        r"|\bpara (?:ir )?(?:los )?fines de semana\b|\bde fin de semana\b|\bescapar(?:nos|me)\b"
        r"|\bcas(?:a|ita) de playa\b"
        r"|\b(?:summer|weekend|lake|beach|ski) (?:cottage|house|home|cabin|condo|chalet)\b"
        r"|\bpart of the year\b|\bparte del año\b"
        r"|\b(?:fishin[g']?|hunting|deer|fish|lake|river) camp\b"
        r"|\b(?:our|the|my) (?:lake |mountain |hunting |ski )?cabin\b"
        r"(?![^.;!?]{0,30}\b(?:i|we) live (?:in it|there|here|year))"
        # a condo for a child at college: "for my daughter while she's at Furman"
        r"|\bfor (?:my|our) (?:daughter|son|kid|kids|child)\b(?!')[^.;!?]{0,30}"
        r"\b(?:college|school|university|campus|dorm|while (?:she|he)'?s at)\b",
    ),
    (
        "primary",
        r"primary(?! (?:house |home |residence )?is (?:in|back|up|down|still)\b)"
        r"|live in it|move in|pa(?:ra)? vivir|residencia principal|to live in"
        r"|\b(?:casa|vivienda) principal\b"
        # "there's 6 of us living in a 3 bedroom", "arreglarla y vivir ahí con mi familia"
        r"|\b(?:of us|we'?re|we are) (?:all )?living in (?:a|the|our|this)\b"
        r"|\bvivir (?:ahi|alli|en ella)\b|\bsomos \d+ en (?:la|esta|mi|nuestra) casa\b"
        r"|\bthe one (?:i|we) live in\b"
        r"|\b(?:moving|move|come|coming) (?:\w+ ){0,2}to live with (?:me|us)\b"
        r"|\b(?:been )?living in it\b"
        # "the house i live in is paid off", "yo vivo ahi"
        r"|(?:house|home|place|casa|condo)(?: that)? (?:i|we)(?:'ll|ll| will|'d|d| would| can)?"
        r" live in"
        r"|\b(?:i|we)(?:'d|d| would| will|'ll|ll| are going to| are gonna)? (?:all |both )?"
        r"live (?:there"
        r"|in it|in the new (?:place|house|home))\b"
        # "both our families would live there"
        r"|\b(?:famil(?:y|ies)|all of us|the kids) (?:would|will|are going to|are gonna) (?:all )?"
        r"live (?:there|in it)\b"
        r"|viv(?:o|imos) (?:ahi|alli|ahi mismo)|donde viv(?:o|imos)"
        # "it's where I live", "as our main home", "too much to keep up but i dont want to move"
        r"|(?<!not )\bwhere (?:i|we) live\b"
        r"|\b(?:we'?ve|i'?ve|we have|i have) lived (?:here|there|in it)\b"
        r"|(?<!not )(?<!not gonna be )(?<!not going to be )(?<!wont be )(?<!won't be )"
        r"\b(?:our|my|the) main (?:home|house|residence)\b"
        r"|\b(?:don'?t|do not) want to (?:move|sell|leave)\b"
        # a home for the family that buys it: "a place for me and the kids", "pa mi familia"
        r"|\bmoving (?:back )?(?:home )?to\b|\b(?:me|nos) (?:quiero|queremos|vamos a) mudar\b"
        r"|\bfor (?:me|us|myself) (?:and|n|&) (?:my|the|our) (?:\d+ |two |three |four )?"
        r"(?:kids?|daughters?"
        r"|sons?|family|children"
        r"|wife|husband|son|boys|girls|mom|mother|dad|father|parents|mama|mami|abuela|grandma)\b"
        r"|\bfor (?:my|our) (?:little )?family\b"
        r"|\bpa(?:ra)? (?:mi|nuestra) familia\b|\bpa(?:ra)? mi (?:y|e) mis?\b"
        # "para mi mamá y yo vivir", "their house in East LA where they live"
        r"|\bpara [^.;!?]{0,25}\by (?:yo|nosotros) vivir\b"
        r"|\b(?:their|his|her) (?:house|home|place|casa)\b[^.;!?]{0,40}"
        r"\bwhere (?:they|he|she) lives?\b"
        r"|\bviven? conmigo\b"
        # "I want to keep it and live there"
        r"|\b(?:keep it|i want to|we want to) (?:and )?live (?:there|in it)\b"
        r"|\bpa(?:ra)? (?:mis|nuestros) (?:hijos|ninos|hijas)\b"
        r"|\ba vivir (?:conmigo|con nosotros|ahi|alli)\b"
        r"|\blive there (?:full[- ]time|year[- ]round)"
        # "It will be our full time home", "voy a vivir yo ahí"
        r"|\b(?:our|my|a) (?:full[- ]?time|year[- ]round|permanent|forever)"
        r" (?:home|house|residence)\b"
        r"|(?<!no )\b(?:voy|vamos) a vivir\b(?! (?:ahi|alli) (?:solo|nada mas) (?:los|en))"
        # buying to stop renting: "instead of throwing my BAH at a landlord", "a man camp"
        r"|\binstead of (?:renting|paying rent|throwing (?:\w+ ){1,3}at a landlord|living in)\b"
        r"|\b(?:stop|quit) (?:renting|paying rent)\b|\ben vez de (?:rentar|pagar renta)\b"
        r"|\bdejar de (?:rentar|pagar renta)\b"
        # a household that lives together: "for me my wife our 3 kids and my parents", "my
        # parents, me, my brother all live together", "mis suegros que viven con nosotros"
        r"|\bfor me,? (?:and )?my (?:wife|husband|family|misis|kids|parents)\b"
        r"|\b(?:all|we all) live together\b|\bviven con nosotros\b|\btodos juntos\b"
        r"|\b(?:refinanc\w*|refi) (?:our|my) (?:home|house)\b"
        # "so we can move off the farm", "so she can live with us"
        r"|\bso (?:we|i) can move\b|\b(?:can|could|will|would) live with (?:us|me)\b"
        r"|\bto live (?:there |in it )?with (?:my|our) (?:family|kids|wife|husband|children)\b"
        # "a line of credit on my residence", "so he can stay there"
        r"|\b(?:my|our|his|her|their) residence\b|\bso (?:he|she|they|we|i) can stay (?:there|in it"
        r"|home)\b"
        # "a house in Mesa to retire in, our son is out there": the home they retire to
        r"|\bto retire in\b(?=\s*(?:[,.;!]|$))",
    ),
)
# A home parents buy for a child at college: "a condo in Bloomington for him and a roommate",
# "buy her a little house there", "para que viva él"
_FOR_THEIR_CHILD = re.compile(
    r"\b(?:for|buy) (?:him|her|our (?:son|daughter|kid)|my (?:son|daughter|kid))\b"
    r"(?! and (?:me|us))(?!')"  # not "for my daughter's college": what the money pays
    r"|\bpara que viva (?:el|ella|mi hij[oa])\b|\bes para (?:mi|nuestr[oa]) hij[oa]\b"
    r"|\b(?:he|she|el|ella)(?:'d| would| will|'ll)? (?:live|viva|vivira) (?:there|ahi|alli)\b"
)
_AWAY_AT_SCHOOL = re.compile(
    r"\b(?:college|university|universidad|campus|dorms?|roommates?|student|estudia\w*|school"
    r"|freshman|sophomore|semester|semestre)\b"
    r"|\b(?:goes|going|starts|va) (?:to |at |a )(?:the |la )?[a-z]{2,4}\b"
    r"|\b(?:we|i) (?:won'?t|will not|wouldn'?t|would not) (?:be )?liv\w* (?:there|in it)"
    r"|\bwe'?d just visit|\bnosotros no viv\w*"
)
# A two-family they live in and half rent out is their home: "vivir en uno y rentar el otro".
_HOUSE_HACK = re.compile(
    r"\b(?:vivir en (?:un|el) piso y rentar"
    r"|(?:lives?|living) in (?:one|one unit|1 unit|a unit|one side|half|1 side)"
    r"|each (?:of us )?(?:lives?|gets) (?:in )?"
    r"(?:one|a|our own) unit|live on (?:the )?(?:first|second|top|1st|2nd"
    r"|one|bottom|ground) floor|vivir en (?:uno|una|un lado|el primer piso)|house hack"
    r"|rentar el de arriba y vivir abajo|vivir abajo y rentar|vivir arriba y rentar"
    # "live in 1 rent the other", "vivimos en el primer piso y rentamos el segundo"
    r"|\blive in (?:1|one)\b[^.;!?]{0,20}\brent (?:out )?the other"
    # "yo vivo en la casa y rento la efficiency", "viviré en una unidad"
    r"|\bviv(?:o|imos|ire|iremos|iria|iriamos)\s+(?:yo\s+)?en (?:la casa(?: principal)?"
    r"|una unidad|una|uno|un lado|el de (?:arriba|abajo))\b(?=[^.;!?]*\b(?:rent|unidad|fourplex"
    r"|duplex|dúplex|triplex|efficiency|apartamento))"
    r"|\bviv\w+ en (?:el |la |un |uno|una)\w*[^.;!?]{0,25}"
    r"\b(?:rent|alquil)\w+ (?:el|la|los|las) (?:otr|segund|de)"
    # "we live upstairs and my mother downstairs", "we live one floor and rent the other"
    r"|\b(?:we|i) (?:would |will |'d |d )?live (?:upstairs|downstairs|in the other)\b"
    # "mi hermana y yo ... ella vive arriba y yo abajo"
    r"|\bviv\w* (?:arriba|abajo) y (?:yo|nosotros) (?:\w+ )?(?:abajo|arriba)\b"
    r"|\blive (?:on )?(?:one|the (?:first|second|top|bottom)) (?:floor|side|unit)\b"
    # "we'd live in the main house and rent the ADU out"
    r"|live in the (?:main|front|big|bigger) (?:house|home|unit|part)"
    r"|\brent (?:out )?the other (?:unit|side|half|apartment|floor|one)\b"
    r"|rent (?:out )?the (?:adu|basement|casita|in-?law|mother-?in-?law|garage apartment"
    r"|back house|guest house)\b)"
)


# "no vivo ahí", "we don't live there": not where they live
_NOT_LIVED_IN = re.compile(
    r"\b(?:no|don'?t|dont|do not|never|nunca|(?:would|will|wo|could)(?:n'?t| not)"
    r"|no (?:voy|vamos) a)"
    r" (?:viv(?:o|imos|ir)|live) (?:yo )?(?:ahi|alli|there|in it)\b"
)
_NOT_RENTED = re.compile(
    r"\bnot (?:a |an )?(?:rental|investment)\b"  # "a second home (not a rental)"
    r"|\b(?:maybe |possibly )?(?:a rental|rent it out) (?:later|someday|one day|down the road)\b"
    r"|\b(?:not|never|won'?t be|won'?t|will not|wouldn'?t|no (?:la |lo )?vamos a|no la voy a)"
    r"\s+(?:be\s+)?rent\w*"
    r"(?: it| them)?(?: out)?"
)


# Rentals that are not the home being financed: a hairdresser's booth, a car.
# the other rentals of an owner who borrows against a home: not the home financed
_MORE_RENTALS = re.compile(
    r"\b(?:another|other|more|next|\d+|two|three|four|five|a few|several|some) rentals?"
    r"(?: propert(?:y|ies)| homes?| houses?)?\b"
    # "a HELOC on my primary ... to use as down payment on a rental"
    r"|\b(?:down ?payment|enganche|to buy|buying|comprar)\b[^.;!?]{0,15}\b(?:a|an|una|un)"
    r" (?:rental|investment|casa de renta)(?: propert(?:y|ies)| homes?| houses?)?\b"
)
_OTHER_RENTALS = re.compile(
    r"\b(?:booth|chair|car|equipment|truck) rental\b|\brental car\b"
    # where they rent now: "our temporary rental is up end of Feb"
    r"|\b(?:our|my|the) (?:temporary |current |short[- ]term )?rental (?:is up|ends|expires"
    r"|runs out|is month[- ]to[- ]month)"
)
# The home they have becomes the rental, so the one they buy is where they will live: "we own
# a house in Chula Vista we're keeping as a rental", "tenemos una casa que vamos a rentar"
_OLD_HOME_RENTED = re.compile(
    r"\b(?:have|own|keep\w*|our|my|current|old|tenemos|tengo|nuestra)\b[^.;!?]{0,12}"
    r"\b(?:house|home|place|condo|townhouse|casa)\b[^.;!?]{0,40}"
    r"(?:renting (?:it |that )?out|keep\w* (?:it |that )?as a rental|as a rental"
    r"|(?:turn|make)\w* (?:it |that )?(?:into )?a rental|(?:become|be) a rental"
    r"|(?:vamos a|voy a) (?:rentar|alquilar)(?:la)?)"
)


_NOW_AND_THEN_RENTED = re.compile(
    r"\brent(?:ing)? (?:it )?out (?:some|a few|a couple|the odd|for a few)"
    r" (?:weeks|weekends|months)"
    r"|\brent(?:ing)? (?:it )?out (?:sometimes|occasionally|now and then|here and there)"
    r"|\brent(?:ing)? (?:it )?out when (?:we|i)(?:'re| are|'m| am)? not (?:there|using it)"
)
_LIVE_IN = re.compile(
    r"\b(?:i|we|wife and i|husband and i) live (?:in\b|here\b(?! in\b))|\bviv(?:o|imos) en\b"
)


_SHORT_TERM_RENTAL = re.compile(r"\b(?:airbnb|air bnb|vrbo|short[\s-]?term rental)")
_OWN_STAYS = re.compile(
    r"\bwhen (?:i'?m|im|we'?re|were|i am|we are) not (?:there|using it)\b|\bcuando no (?:estamos"
    r"|estoy|la usamos)\b|\b(?:pa|para|for) (?:las |our |my )?vacaciones\b|\bme in the summer\b"
    r"|\b(?:we|i)(?:'ll| will)? (?:use|stay in) it\b"
    r"|\b(?:we|i)(?: can| could| would| will|'d|d)? use (?:it )?(?:a |for a )?(?:couple|few"
    r"|\d+)(?: of)? weeks\b"
    r"|\b(?:use|ski|stay in)\w* (?:it )?(?:on |most )?weekends\b"
)


# A home bought for a relative to live in, where the borrower will not: "a condo near campus
# for my granddaughter to live in", "para mi mamá, para que viva cerca de nosotros" (not a home
# they share: "for my mom and me to live in", "she'd live with us")
_KIN = (
    r"(?:mom|mother|mum|dad|father|parents?|son|daughter|kid|child|grand(?:son|daughter|kid"
    r"|child|ma|mother|pa|father)|in-?laws?|mother-in-law|father-in-law|mama|mami|papa|padres"
    r"|hij[oa]|niet[oa]|suegr[oa]s?|abuel[oa])"
)
_A_RELATIVES_HOME = re.compile(
    rf"\b(?:for|para) (?:my|our|mi|nuestr[oa]) (?:little |elderly |older )?{_KIN}\b(?!')"
    r"[^.;!?]{0,40}?\b(?:to live (?:in|there)|can live|could live|will live|para que viva"
    r"|so (?:she|he|they) can (?:live|stay))\b"
    r"|\b(?:buy|get|comprarle) (?:her|him|them)?\b[^.;!?]{0,60}?\b(?:so (?:she|he|they) can (?:live"
    r"|stay)|para que viva)\b"
    rf"|\b(?:my|our|mi) {_KIN}\b[^.;!?]{{0,60}}?\b(?:she|he|they|el|ella) (?:can|could|will"
    r"|would|'?ll|'?d) live (?:in|there)\b"
)
_LIVES_THERE_TOO = re.compile(
    r"\b(?:and (?:i|me|us)|y yo|with (?:me|us)|conmigo|con nosotros|(?:i|we)(?:'ll|'d| will"
    r"| would| can)? (?:also |all |both )?live (?:there|in it|in the main|upstairs|downstairs))\b"
)


def occupancy_in(text: Any, *, buying: bool = False, owned: bool = False) -> str | None:
    """primary / second_home / investment, when the borrower says so (`buying`: the loan is
    a purchase, so a home they already have is not the one financed; `owned`: a refinance or
    HELOC of a home they have, so their other rentals are not it)."""
    # "pa' los inviernos", "pa'l verano": "para"
    folded = fold(text)
    # "an investment property... actually scratch that, a vacation home": the last word
    fixed = list(
        re.finditer(r"\b(?:actually|scratch that|i mean|en realidad|mejor dicho)\b", folded)
    )
    if fixed and (later := occupancy_in(folded[fixed[-1].end() :], buying=buying, owned=owned)):
        return later
    said_text = re.sub(r"\bpa'l\b", "para el", re.sub(r"\bpa'(?=\s)", "para", folded))
    cleaned = _NOT_RENTED.sub(" ", said_text)  # "we'd use it summers, not renting it out"
    if re.search(r"\bsecond home|2nd home|segunda casa|vacation home", cleaned):
        cleaned = _NOW_AND_THEN_RENTED.sub(" ", cleaned)  # "second home we'd rent out some weeks"
    cleaned = _NOT_LIVED_IN.sub(" ", _OTHER_RENTALS.sub(" ", cleaned))
    if owned:  # "a heloc on the one i live in for the down payment on another rental"
        cleaned = _MORE_RENTALS.sub(" ", cleaned)
    if _FOR_THEIR_CHILD.search(folded) and _AWAY_AT_SCHOOL.search(folded):
        return "second_home"  # parents buy near campus for their student, not for themselves
    if (
        buying
        and _A_RELATIVES_HOME.search(folded)
        and not _LIVES_THERE_TOO.search(folded)
        and not _HOUSE_HACK.search(folded)
    ):
        # a parent's home can be financed as the borrower's primary (Fannie Mae's family
        # opportunity mortgage); a child's or grandchild's is a second home
        young = re.search(
            r"\b(?:son|daughter|kid|child|grand(?:son|daughter|kid|child)|hij[oa]"
            r"|niet[oa])s?\b",
            folded,
        )
        return "second_home" if young else "primary"
    old_rented = _OLD_HOME_RENTED.search(cleaned) if buying else None
    if _HOUSE_HACK.search(cleaned) or (
        # "... keep our house as a rental AND buy a duplex to rent out too": both rented
        old_rented
        and not re.search(
            r"\b(?:rent (?:it |them )?out|rentals?|investments?)\b", cleaned[old_rented.end() :]
        )
    ):
        return "primary"
    if _SHORT_TERM_RENTAL.search(cleaned) and _OWN_STAYS.search(cleaned):
        return "second_home"  # "a condo i can airbnb when im not there": theirs part of the year
    said = next((value for value, pattern in _OCCUPANCY if re.search(pattern, cleaned)), None)
    if not said and _SHORT_TERM_RENTAL.search(cleaned):
        return "investment"  # "a casita in santa fe that i rent on vrbo; we live in denver"
    lives = _LIVE_IN.search(cleaned)
    # not "we live in NH but the camp is in Maine"
    if (
        not said
        and not buying
        and lives
        and not re.search(r"\b(?:but|pero)\b", cleaned[lives.end() :])
    ):
        return "primary"  # a HELOC "on the house; we live in Portland": the home they live in
    return said


# Who borrows with the borrower: "me and my husband", "mi hermano y yo queremos comprar"
_CO_BORROWER = (
    r"wife|husband|spouse|partner|fiancee?|brother|sister|esposa|esposo|hermano|hermana|pareja"
    r"|novio|novia"
)
_BUYING_TOGETHER = re.compile(
    rf"\b(?:my|mi) ({_CO_BORROWER}) (?:and i|and me|y yo|e yo)\b"
    rf"|\b(?:me|i|yo) (?:and|y) (?:my |mi )?({_CO_BORROWER})\b"
)
# "mi esposa está activa en la fuerza aérea ... y queremos comprar con VA": a spouse, then we
_SPOUSE_THEN_WE = re.compile(
    r"(?<!late )(?<!ex )(?<!former )\b(?:my|mi) (wife|husband|spouse|esposa|esposo)\b"
    r"(?! (?:passed|died|murio|fallecio))[^.?!]{0,80}?"
    r"\b(?:we(?:'?re| are)? (?:want|would like|'?d like|looking|buying|plan|need)\w*"
    r"|queremos|buscamos|vamos a comprar|estamos buscando)\b"
)
_US_SERVICE = (
    r"army|navy|marines?|air force|coast guard|national guard|reserves?|military|served"
    r"|veteran[oa]?|vet|ejercito|marina|fuerza aerea|reserva|sirvio"
)
_FOREIGN_SERVICE = re.compile(r"\b(?:de|of|in|en) (?:mexico|guatemala|el salvador|honduras|cuba)\b")
_NOT_SERVED = r"(?!\b(?:never|not|no|nunca|didn'?t|wasn'?t|isn'?t|ni)\b)"


def co_borrower_served(text: str, earlier: list[str]) -> bool:
    """The VA answer says that a spouse or sibling served who an earlier text (or this one)
    named as buying with the borrower ("me and my husband" ... "my husband is, air force
    2004-2012. I'm not"): the loan is VA-eligible through them."""
    said = [fold(t) for t in [*earlier, text]]
    together = {m.group(1) or m.group(2) for t in said for m in _BUYING_TOGETHER.finditer(t)}
    together |= {m.group(1) for t in said for m in _SPOUSE_THEN_WE.finditer(t)}
    folded = fold(text)
    if not together or _SERVES_NOT_ON_LOAN.search(folded) or _FOREIGN_SERVICE.search(folded):
        return False
    who = rf"(?:my|mi) (?:{'|'.join(together)})"
    if not re.search(rf"\b(?:my|mi|mis) {_RELATIVE}\b", folded):
        who += r"|he|she|ella|el (?=si\b|estuvo|es|fue|sirvio|esta)"  # no parent to mean instead
    served = rf"\b(?:{who})\b(?:{_NOT_SERVED}[^.?!]){{0,40}}?\b(?:{_US_SERVICE})\b"
    return bool(re.search(served, folded))
