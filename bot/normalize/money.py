"""price_usd: whole dollars from "450k", "$1.2 mil", "half a million", "unos 300 mil"."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import DIGIT_WORDS, clean, fold, spanish_hundreds_respelled, unclock

MIN_PRICE_USD = 10_000
MAX_PRICE_USD = 100_000_000

_MULTIPLIER = {"k": 1_000, "m": 1_000_000}
_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?<!and a )\bhalf\s+(?:a\s+)?(?:million|mill?|m)\b", " 500k "),
    (r"\bmedio\s+millon\b", " 500k "),
    (r"\b(?:abt|bout)\b", " about "),
    (r"\b(?:a|one|un)\s+(?:million|mill?|millon|melon)\b", " 1m "),
    (r"\b(?:a\s+)?quarter\s+(?:of\s+a\s+)?(?:million|mil|mill)\b", " 250k "),
    (r"\bmedio\s+(?:melon|mill?on|palo)\b", " 500k "),  # Colombia's "palo": a million
    (r"\b(?:un\s+)?palo\s+y\s+medio\b", " 1.5m "),
    (r"\b(?:thousand|grand|thou|k's|mil dolares)\b", "k"),
    (r"\b(\d)\s*(?:fiddy|fitty|fifty)\b", r"\g<1>50"),
    (r"\b(\d)\s*(?:hunnid|hunned|hundo|hunnit)s?\b", r"\g<1>00"),
    (r"\b(?:million|mill|millon|millones|mm)\b", "m"),
)
# "scratch the 380", "forget that 300", "olvida los 250": a price taken back to be replaced
_RETRACTED = re.compile(
    r"\b(?:scratch|forget(?: about)?|ignore|olvid\w+|borra)\s+(?:the|that|what i said about the"
    r"|lo de|los|el|la)?\s*\$?\d+(?:\.\d+)?\s*(?:k|m|mil)?\b"
)
# "no 410", "not 410k", "instead of 410": a number the borrower takes back.
# ("650. no 680": a "no" after a number and a stop corrects it, see _CORRECTION)
_TAKEN_BACK = re.compile(
    r"\b(?:not|(?<!\d\. )(?<!\d, )(?<!wait )(?<!sorry )(?<!oops )(?<!actually )(?<!actually, )no"
    r"|instead of|en vez de|ni)"
    r"\s+\$?\s*\d[\d.]*\s*(?:k|m|mil)?\b"
    # "con 350 no nos da": the amount that does not work
    r"|\b(?:con|with)\s+\$?\d+\s*(?:k|mil)?\s+(?:no|doesn'?t|won'?t|it doesn'?t)\b"
)
# Amounts that are not the home's price: income, down payment, what is still owed.
_NOT_PRICE = re.compile(
    r"\b(?:down(?! there| here| south| the (?:road|street|shore|way))|enganche|deposit"
    r"|(?:a|one|per|each) (?:year|yr|month)|the next\b"
    r"|al (?:año|mes)|income|salary|owed|balance|left on|debo|de ingreso|remaining"
    r"|outstanding|still owed|restantes?|pendientes?)\b"
)
# "want to pull some money out to add a room for my suegra, like 60k": the cash wanted
_CASH_WANTED_BEFORE = re.compile(
    r"\b(?:pull|take|get|sacar)\w* (?:some |some of the |a little |la |el )?(?:money|cash|equity"
    r"|dinero|plata|efectivo)(?: out)?(?:(?!worth|valu|apprais|vale|zillow|house is|home is)"
    r"[^.;!?\d]){0,45}$"
)
_BEFORE_NOT_PRICE = re.compile(
    r"\b(?:make(?! (?:it|that)\b)|earn|income|salary|owe|balance|gano|debo"
    # "made about 92k last year": an income; not "made an offer"
    r"|made(?= (?:about|like|around|roughly|over|almost|close to|just under)\b| \$|\s*$)"
    # not "sin enganche, unos 300 mil": no down payment at all
    r"|(?<!no )(?<!zero )down payment|(?<!sin )(?<!no )enganche"
    r"|(?:pull|take|taking|pulling|cash|(?<!can )(?<!could )get|getting|sacar|saco|retirar)"
    r"(?: out)?"
    r"|borrow|line of|loan of|heloc (?:of|for)|need(?:s|ed)?(?: like| about| around)?"
    r"|financ\w*(?: (?:about|around|like|roughly|maybe))?"  # "finance about 200 of the 400"
    r"|afford (?:on|with)|(?:making|earn|earning|ganamos|gano) (?:about |like |around )?"
    r"|necesito(?: como| unos)?|left|mortgage (?:is|of)|owe about|pay off|payoff|pagar"
    r"|paid off (?:except|but)(?: for)?(?: about| like| around)?"  # what is still owed
    r"|bah|rents?\b(?: is| are| (?:out )?(?:for|at)(?: about| around| like| roughly)?)?"
    r"|covers?(?: about| like)?|saved|ahorr\w*|payment|pago|mensualidad"
    r"|net|netting|clear|proceeds"
    r"|pop|population|poblacion|habitantes"  # "union county, pop like 150": a town's size
    # a flip's after-repair value, its rehab budget
    r"|arv|after[\s-]repair(?: value)?|(?:rehab|renovation|repairs?|remodel)"
    r"(?: budget| costs?| is| of)?(?: like| about| around)?"
    # "la casa vale como 330, el terreno cuesta 85 mil": what something else costs
    r"|(?:el|la|the|a) (?:terreno|terrenito|lote|land|lot|truck|troca|carro|car|boat|lancha"
    r"|techo|roof|kitchen|cocina|remodel|repairs?|reparacion|arreglo|addition|adu)"
    r" (?:cuesta|costs?|is|sale en|va en)(?: como| about| around| like)?"
    # "las tarjetas son 25 mil", "cards are like 18k": a debt
    r"|(?:tarjetas|cards|credit cards?|car (?:loan|note)|student loans?|deudas?|debts?)"
    r" (?:son|are|r|is|es|come to|total)(?: como| about| around| like| unos)?"
    # what a co-owner or the bank is paid: "pay her 60k", "darle a mi ex 75 mil", "quiere q
    # paguemos 190 mil"
    r"|(?:pay|give|owe|pagarle|darle|dar(?:le)? a)\s+(?:her|him|them|my ex|mi ex|a mi ex|le"
    r"|my (?:sister|brother)|mi (?:hermana|hermano))\b(?: like| about| around| como)?"
    r"|paguemos|pagarle"
    # family help toward the down payment: "her parents are giving us 80k", "nos regalan 20 mil"
    r"|(?:giving|give|gave|gifting|gifted) (?:us|me)|as a gift"
    r"|(?:nos|me) (?:van a |va a )?(?:dan|da|dar|regalan|regala|regalar)"
    r")"
    r"\D{0,10}$"
    # "Balance is around 331k", "a line of credit, around $50,000": not the home's value
    r"|\b(?:balance|owe|debo|loan amount|payoff|line of credit|linea de credito|bah|payment|pago"
    r"|mensualidad|juntamos|juntado|ahorramos|income|salary|ingresos?|sueldo)\b"
    # "20k down payment, house around 300k": a comma before the home starts its own amount
    r"(?:[^\d.!?;,]|,(?!\s*(?:(?:and|the|a|our|my|la|el|y)\s+)?(?:house|home|place|condo|casa"
    r"|price|precio)\b)){0,20}$"
    r"|\bbah\b[^\d.!?;]{0,30}$"  # "BAH w/ dependents is like 1900ish"
    # money they have: "grandma left me some money, about 60k", "la herencia, unos 40 mil"
    r"|\b(?:left (?:me|us)|inherit\w*|herede|heredamos|herencia|savings|saved up)\b"
    r"[^\d.!?;]{0,25}$"
    r"|\b(?:my |our |the )?rent\b[^\d.!?;,]{0,25}$"  # "my rent just went up to 1650"
    # "Between us about 131k": what a couple earns, not a range
    r"|\b(?:between|entre) (?:us|the two of us|both of us|los dos|nosotros|ambos)\b\D{0,12}$"
    # what the home costs to keep: "insurance went to $11,200", "una derrama de 60 mil"
    r"|(?<!for )\b(?:insurance|seguro|hoa|dues|assessment|derrama|property tax(?:es)?)"
    r"(?: (?:on|for|en|del?) (?:our|the|my|his|her|nuestra|la|el) [^\d.!?;,]{0,25}?)?"
    r"(?: (?:is|are|was|were|went up|went|jumped|now|just|like|about|around|of|de|from|to|at|runs?"
    r"|costs?|es|son|unos|como))+\s*\$?$"
    # "need a loan for around 485k": what they borrow, not the price ("a loan for a 485k
    # house" is the price)
    r"|\bloan for(?: about| around| like| roughly| maybe)?\s*\$?$"
    # "a heloc on our house in Willmar for about 50k": what they borrow against it
    r"|\b(?:he?loc|line of credit|linea de credito)\b[^.!?\d]{0,40}\b(?:for|de|por)"
    r"(?: about| around| like| roughly| maybe| como| unos)?\s*\$?$"
    r"|\d\s*%?\s*(?:on|sobre)\s+(?:a\s+)?\$?$"  # "im at 7.5 on 160k": the loan
    # a road: "the warehouse off the 215", "San Anto por la 410", "near the I-35"
    r"|\b(?:off(?: of)?|along|exit|por (?:la|el)|junto a(?: la)?"
    r"|(?:near|by|past|cerca de) (?:the|la|el))"
    r"\s+(?:the |la |el )?(?:i-?|hwy|highway|route|rt|loop|interstate|us|sr)?\s*-?\s*$"
)
# What the home cost when it was bought: today's value is asked instead.
_BOUGHT_BEFORE = re.compile(
    r"\b(?:bought|purchased|paid|compr[eé]|compramos|pagamos|pague)\b(?: (?:it|the house|the"
    r" home|our house|the place|la casa|it for|la))?(?:\s+(?:en|in)\s)?"  # "compré en 2018 en"
    r"\s*(?:for|at|en|por)?\s*(?:about|around|like|como|unos)?\s*\$?$"
    # "bought our house in Hialeah in 2023 for 265k": a place and a year between
    r"|\b(?:bought|purchased|compr[eé]|compramos)\b(?:(?!worth|apprais|valu|zillow|tasad|vale)"
    r"[^\d.!?;]){0,40}?\b(?:for|por|en)\s*(?:about|around|like|como|unos)?\s*\$?$"
)
# Words that say a number is what the home is worth today (a refinance or HELOC asks that).
_VALUE_BEFORE = re.compile(
    r"(?:worth|value[ds]?|valued|apprais\w*(?: (?:came|come)s? (?:in|back))?|zillow|zestimate"
    r"|redfin|assess\w*|tasad\w*|avaluo|vale|valor"
    r"|(?:home|house|place|condo|casa|propiedad|townhouse|ours|mine)(?:'s| is| es| esta)?"
    r"(?: (?:in|en) [^\d,.;!?]{2,30}?)?)"  # "house in Richmond VA maybe 410k now"
    r"(?:\s+(?:at|for|en|about|around|like|maybe|probably|prob|approx\w*|aprox\w*|roughly|somewhere"
    r"|close to|como|unos|mas o menos|is|says|dice|de|now|today|hoy|more|closer to))*\s*[~,]?"
    r"\s*\$?$"
)
_VALUE_AFTER = re.compile(
    r"\s*(?:k\s*)?(?:house|home|condo|townhouse|casa|property|propiedad|value|valor|worth)\b"
)
_AFTER_NOT_PRICE = re.compile(
    # "the house at 14 Orchard Ln": a street number
    # (not "st", "ct", "dr", "way": St. Louis, Connecticut, "by the way")
    r"\s+(?:[a-z]+\s+){1,3}(?:ln|lane|street|ave|avenue|rd|road|drive|blvd|court|circle|terrace"
    r"|pkwy|hwy|calle|avenida)\b"
    # "our house at 4521 N Damen" (a "w", "e" or "se" is as often "with", "and" or "se puede")
    r"|\s+(?:n|s|ne|nw|sw)\.?\s+(?!(?:the|and|of|or|for|to)\b)[a-z]{3,}\b"
    r"|\s*(?:(?:\w+\s+){0,3}ago\b|(?:\w+\s+){0,2}(?:back|before)\b"
    r"|hace (?:\w+ )?(?:años|anos|meses)"
    r"|line|loc\b|heloc|cash\b|in cash"
    r"|(?:is|=) (?:the |my |our )?(?:arv|after[\s-]repair)"  # "380 is the after repair value"
    r"|(?:\w+\s+){0,2}from (?:the |our |my )?(?:sale|selling)\b"  # "600k from the sale of"
    r"|out\b(?! here| there| this way| in\b| by\b| near\b| around\b| toward| west| east| north"
    r"| south)"
    r"|de (?:efectivo|equity|credito)|(?:in |of )?equity"
    r"|left|owed|(?:of|in) debt|debt|en deudas|de deuda|loan\b"
    r"|on (?:my )?(?:credit )?(?:cards?|cahds?)|in (?:credit )?cards\b"
    r"|de (?:enganche|down|pronto|inicial)"
    r"|(?:\w+\s+){0,2}(?:ahorrad\w*|saved|in savings|para el (?:down|enganche)|for (?:the )?down)"
    r"|(?:in |de |en )(?:sales|revenue|ventas|gross|profits?|ganancias)\b"  # "180k in sales"
    r"|\s*\+\s*(?:communit\w*|neighborhoods?|living|active|retirement|adult)"  # "55+ communities"
    r"|\s+(?:and|&) (?:over|older|up) (?:communit\w*|neighborhoods?|living)"
    # "got about 100k to put down", "12 mil pa el down"
    r"|(?:to|para|pa) (?:put|poner|pay|give|dar) (?:down|de enganche|de down)\b"
    r"|(?:pa|pal|para)(?: el| la)? (?:down|enganche|downpayment|down payment)\b"
    r"|\s*(?:to|para) (?:pay off|payoff|pagar|consolidate|cover|fix|remodel|renovate|finish"
    r"|build|terminar|arreglar)"
    r"|in (?:credit )?card debt|en (?:las )?tarjetas"
    r"|(?:de |en |in |as |of )?(?:reservas?|reserves?)\b"  # "60 mil de reserva": savings
    r"|(?:in |of |en )?(?:student|school|medical|car|auto|personal) (?:loans?|debt)|de prestamos"
    # "520 es la de mi hermana", "that's my sister's": another person's home
    r"|(?:es|is|era|was|that'?s) (?:la |el |the )?(?:de )?(?:mi |my )(?:hermana|hermano|sister"
    r"|brother|mom|mama|dad|papa|neighbou?r|vecin\w*|cousin|prim[oa]|friend|amig[oa])"
    r"|combined|household|a year|annual|gross|(?:years?|yrs?|años|anos)\b"  # income, an age
    # "40 acres w a house", "2400 sq ft": the land and the house, not money
    r"|(?:acres?|ac\b|hectareas?|cuerdas?|manzanas?|sq\.? ?f(?:ee)?t|square f(?:ee|oo)t|sf\b"
    r"|pies cuadrados|bed(?:room)?s?\b|bd\b|ba(?:th)?s?\b|recamaras|cuartos|habitaciones)"
    r"|\s*k?\s*towards?\b"  # "putting 100k toward it": a down payment
    r"|\s*(?:hoa|h\.o\.a|dues|condo fees?)\b"  # "the 425 one had a $600 hoa"
    r"|(?:for|para) (?:a |an |the |el |la |my |his |her |our |mi |su |sus |mis )?(?:\w+'s )?"
    r"(?:new |nuevo |nueva )?(?:roof|reno|kitchen|adu|remodel|pool|techo|cocina|deudas|tuition))"
)
_SCORE_AFTER = re.compile(
    r"\s*(?:credit|fico|credito|puntaje)\b(?!:| (?:cards?|line|union|tarjeta))"
)
_CREDIT_NEAR = re.compile(r"credit|score|fico|credito|puntaje")
_RATE_BEFORE = re.compile(
    r"\b(?:rate|interest|apr|refinanc\w*|refi|locked|tasa|interes|paying|payin|pagando)\b\W*(?:\w+\W+){0,2}(?:at|@|of|is|de|al)?\W*$"
    # "rate on my house is 7.25": a few more words, when a verb says what the rate is
    r"|\b(?:rate|interest|apr|tasa|interes)\b(?:\s+(?!worth|valued|value|vale)\w+){0,4}"
    r"\s+(?:is|was|at|es|era|esta en|al)\W*$"
)
_OFFER_BEFORE = re.compile(
    r"\b(?:offered|offer (?:of|at|was|is)|accepted (?:at|for)|contract (?:at|for)|ofrecimos"
    r"|got (?:it|them|him|her) (?:down )?(?:for|to|at)|agreed (?:on|to)|settled (?:on|at)"
    r"|oferta (?:de|fue)|(?:they|the sellers?|sellers?|owners?) (?:just )?accepted)\s*\$?\s*$"
)
# A neighbor's sale is a comparison: the borrower's own number wins ("prob 450? neighbor sold
# for 460", "the house across the street went for 780 so figure 750 for mine").
_COMPARISON_BEFORE = re.compile(
    r"\b(?:neighbou?rs?|next door|down the (?:street|road|block)|across the (?:street|road|way)"
    # a new build's reference prices: "model home is listed at 465", "base price was 419,990"
    r"|model (?:home|house|unit)|base price|precio base"
    r"|(?:houses|homes) on (?:\w+ )?(?:street|block)|comps|similar (?:houses|homes)"
    r"|de al lado|de enfrente|del frente|de la esquina|vecin\w*|en la cuadra|en mi cuadra"
    # "neighbors bigger one sold for 410": "one" is a digit by now
    r"|en (?:el|mi) barrio|vendieron (?:una|uno|otra|1)"
    # "he said his appraised at 350, ours maybe 290": another owner's home
    r"|(?:his|hers|theirs|his (?:house|place)|her (?:house|place))"
    r" (?:appraised|sold|went|is worth|was worth))\b(?:\D|\b1\b|#\d+){0,30}"
    r"(?:\d+(?:\.\d+)?\s*[km]?\s*(?:-|to|a)\s*)?$"  # "houses on his street went 1.5 to 1.7"
)
# What the county says it is worth: "Taxes say $212,000 but that is always low"
_TAX_VALUE_BEFORE = re.compile(
    r"\b(?:tax(?:es)? (?:says?|value|assessment|appraisal)|assessor|assessed"
    r"|the county (?:says|has))"
    r"\b[^.!?;\d]{0,20}$"
)
# "neighbor just sold for 365 so prob around there": the neighbor's price is theirs too
_AROUND_THERE = re.compile(
    r"\s*k?\b[^.;!?\d]{0,60}\b(?:around|about|near|close to) (?:there|that)\b"
    r"|\s*k?[^.;!?\d]{0,40}\b(?:in|about) (?:that|the same) ballpark\b"
    r"|\s*k?\b[^.;!?\d]{0,24}\b(?:por ahi|algo asi|similar)\b"
)
# "new townhomes start at 349", "casas desde 320": what a builder's cheapest costs
_STARTING_AT = re.compile(
    r"\b(?:starting (?:at|from)|starts? (?:at|from)|desde|a partir de|from the (?:low|mid|high)"
    r"|priced from)\s*\$?\s*$"
)
# "pre-approval says up to 390k but I want to stay around 350": the lender's limit is not
# the borrower's budget; what they want to spend is
_LENDER_BEFORE = re.compile(
    r"\b(?:pre-?approv\w*|approved|qualif\w*|lender|credit union|bank|aprob\w*|preaprob\w*"
    r"|calific\w*|el banco)\b[^.;!?]{0,30}$"
)
# "navy fed preapproved me for 400 but i dont want to max it": what a lender allows, used
# only when the borrower names no price of their own
_APPROVED_FOR = re.compile(
    r"\b(?:pre-?approv\w*|approved|qualif\w*|preaprob\w*|aprob\w*|calific\w*)\b"
    r"(?: \w+){0,2}? (?:for|up to|hasta|por|para|de)(?: like| about| around| maybe| como)?"
    r"\s*\$?\s*$"
)
# "2200/mo": _NOT_PRICE's word boundary cannot start at a slash
_PER_MONTH = re.compile(r"\s*(?:/|a|per|al)\s*(?:mo|mes|month|yr|year|año)\b")
_VALUE_WORD = re.compile(
    r"\b(?:budget|price|afford|worth|value|valued|apprais\w*|zillow|vale|cuesta|precio"
    r"|presupuesto|(?:house|home|casa|place) is|(?:house|home|place)'s)\b\W+(?:\w+\W+){0,2}$"
)
_SCORE_TALK = re.compile(
    r"(?<!line of )(?<!linea de )(?<!tarjetas de )\b(?:credit|score|fico|credito|puntaje)s?\b"
    r"(?! cards?| line| de (?:la )?casa)"
)
_VALUATION_BEFORE = re.compile(
    r"(?:apprais\w*|valued|worth|tasad\w*|avaluo)\s*(?:at|en|for)?"
    r"\s*(?:about|around|like|maybe|roughly|como|unos)?\s*\$?$"
)
# "appraised at 465 two years ago", "worth 240 before the storm": a value of another time
_AGO_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,3}ago\b|\s*hace\b|\s*(?:before|antes de)\b|\s*back (?:in|when)\b"
)
# Words that say a number is the home's price or value ("budget is like 4-450", "worth ~550").
_PRICE_CUE = re.compile(
    r"(?:budget|price[ds]?|range|afford|worth|value[ds]?|valued|apprais\w*|zillow|zestimate"
    r"|looking (?:at|around)|around|about|approx\w*|~|between"
    r"|(?:home|house|condo|place|townhouse)s? (?:for|at|around|about|of|priced|is)"
    r"|(?:home|house|condo|place)'s|(?:la )?casa (?:es|esta en)"
    r"|presupuesto|precio|vale|valor|avaluo|cuesta|hasta|entre|purchase|buying|compra"
    r"|something like|smth like|sth like|algo de|algo como|como de|listed (?:at|for)|list price"
    r"|casas? de"
    r"|asking|ask is|priced at|offer (?:at|of)|apuntar(?: mas)? a|aim(?:ing)? (?:for|at)"
    r"|target(?:ing)?|closer to|more like|mas bien)\D{0,14}$"
)
_TOP_BEFORE = re.compile(
    r"\b(?:top|tops|max|maximum|at most|no more than|up to|stretch(?: it)? to|hasta|maximo|under"
    r"|below|less than|menos de|(?:max|maximum|limit|ceiling|tope|maximo) (?:is|would be|es)"
    r"|como mucho|a lo mucho|tope de)\s*\$?\s*$"
)
_TOP_AFTER = re.compile(
    r"\s*(?:k|mil|dolares)?\s*(?:(?:is|es) (?:my |our |mi |el )?)?"
    r"(?:tops|max|at most|top|como mucho|a lo mucho|maximo)\b"
)
# "zillow says 465 but it's high, say 440", "actually put 450": the number the borrower picks
_CHOSEN_BEFORE = re.compile(
    r"(?<!she )(?<!he )(?<!they )(?<!mom )(?<!dad )"  # "budget she say 280 to 300": she says
    r"\b(?:say|put|call it|go with|use|make (?:it|that)|pon|ponle|digamos|pongale"
    r"|aiming for|aim for)\s*\$?$"
)
# What the borrower wants to spend, said after a lender's limit
_WISH_BEFORE = re.compile(
    r"\b(?:stay|keep it|spend|be|gastar|quedarme|quedarnos)\s+(?:around|at|near|under|como|unos"
    r"|alrededor de|en)\s*\$?$"
)
_WISH_AFTER = re.compile(
    r"\b(?:want|wanna|would like|prefer|rather|quiero|queremos|prefiero|preferimos|me gustaria)"
    r"\b[^.;!?]{0,20}\d"
)
_SOFT_TOP_BEFORE = re.compile(r"\b(?:under|below|less than|menos de)\s*\$?\s*$")
# "bought it for 245 in 2023, probably about the same now": then's price is today's value
_SAME_NOW = re.compile(
    r"\b(?:about|around|probably|prob|roughly|pretty much|still)?\s*(?:the )?same now\b"
    r"|\b(?:about|around|probably|prob|roughly|pretty much|still)?\s*the same\b"
    r"|hasn'?t (?:changed|gone up)|(?:lo mismo|igual) (?:ahora|hoy)"
    r"|(?:mas o menos|casi) (?:lo mismo|igual)"
    # "la compré en 365 y creo que sigue igual", "still worth about that"
    r"|\bsigue (?:igual|valiendo (?:lo mismo|igual|eso))|\bvale (?:lo mismo|igual)\b"
    r"|still worth (?:about |around )?(?:that|the same)"
)
_OWED = re.compile(r"\b(?:owe|owed|balance|debo|debemos)\D{0,25}?(\d+(?:\.\d+)?)\s*(k|m)?")
_EQUITY = re.compile(r"(\d+(?:\.\d+)?)\s*(k|m)?\s*(?:in |of |de )?(?:equity|de equity)\b")


def _owed_plus_equity(cleaned: str) -> int | None:
    """ "owe 142k, bank says i have around 160k equity": the home is worth the two together."""
    owed, equity = _OWED.search(cleaned), _EQUITY.search(cleaned)
    if not owed or not equity:
        return None
    parts = [float(m.group(1)) * _MULTIPLIER.get(m.group(2) or "", 1) for m in (owed, equity)]
    value = round(sum(p if p >= 1_000 else _thousands(p) for p in parts))
    return value if MIN_PRICE_USD <= value <= MAX_PRICE_USD else None


_LAND = re.compile(r"\b(?:lot|land|acres?|acreage|terreno|lote)\b")
_HOME_ON_IT = re.compile(
    r"\b(?:double[\s-]?wide|single[\s-]?wide|manufactured|mobile home|modular|trail[ae]\w*"
    r"|home package|house package|casa movil|the home|the house|la casa)\b"
)


def _land_plus_home(cleaned: str) -> int | None:
    """ "lot is 45k, home package is 128k set up", "terreno en 35 mil y traila de 110 mil": a
    lot and the home put on it are bought together, one loan for both."""
    land = home = None
    for m in _AMOUNT.finditer(cleaned):
        if not (m.group(3) or m.group(1)):
            continue  # only amounts said as money
        before = cleaned[max(0, m.start() - 30) : m.start()]
        value = float(m.group(2)) * _MULTIPLIER.get(m.group(3) or "", 1)
        clause = re.split(r"[,;.]| y | and ", before)[-1]
        if _LAND.search(clause) and land is None:
            land = value
        elif _HOME_ON_IT.search(clause) and home is None:
            home = value
    if land is None or home is None or not 1_000 <= land < home:
        return None
    value = round(land + home)
    return value if MIN_PRICE_USD <= value <= MAX_PRICE_USD else None


_RANGE_AFTER = re.compile(r"\s*k?\s*(?:price )?(?:range|budget)\b")  # "the 325-350 range"
_AMOUNT = re.compile(r"(\$)?(\d+(?:\.\d+)?)\s*(k|m)?(?![a-z0-9])")


_HUNDREDS = re.compile(r"\b(low|lower|mid|middle|high|upper)\s*-?\s*([1-9])00'?s\b")
_HUNDREDS_OFFSET = {"low": 20, "lower": 20, "mid": 50, "middle": 50, "high": 80, "upper": 80}
# A year ("bought in 2021", "since 2019") is never a price.
_YEAR = re.compile(r"(?<![\d$.,])(?:19[5-9]\d|20[0-4]\d)(?!\d|[,.]\d|\s*k\b)")


_PRICE_RANGE_OF_HUNDREDS = re.compile(
    r"(\b(?:looking|look|budget|range|price|precio|presupuesto|between|entre|from|de|something)\b"
    r"\D{0,12}?)"
    r"\b([1-9]\d\d)(\s*(?:-|to|a)\s*)([1-9]\d\d)\b"
    r"(?!\s*(?:k|m|mil\b|%|/|sq|acres?|ft|a month|al mes|per|a year|al ano))"
)


def _between_and(amount: str) -> re.Pattern[str]:
    """ "between X and Y" as a range "between X-Y", for amounts of the given shape."""
    return re.compile(rf"\bbetween\s+(\$?{amount}[km]?)\s+and\s+(\$?{amount}[km]?)")


_BETWEEN_AND = _between_and(r"\d[\d,.]*")
_BETWEEN_HUNDREDS_AND = _between_and(r"[1-9]\d{2,}[\d,.]*")  # not "between nine and eleven"


def _corrects_an_amount(after: str) -> bool:
    """ "Perdón, no es heloc, quiero ... cash out. Crédito 740": the number after the
    correction is the score, so the correction is not of the price."""
    amount = _AMOUNT.search(after)
    if amount is None:
        return False
    return not _CREDIT_NEAR.search(after[max(0, amount.start() - 12) : amount.start()])


# Dictation writes the hundreds as a word and the rest as digits: "two hundred and 90,000",
# "como ciento 85,000", "trescientos 20 mil"
_HUNDREDS_WORDS = {
    **DIGIT_WORDS, "ciento": 1, "doscientos": 2, "trescientos": 3, "cuatrocientos": 4,
    "quinientos": 5, "seiscientos": 6, "setecientos": 7, "ochocientos": 8, "novecientos": 9,
}  # fmt: skip
_HUNDREDS_THEN_DIGITS = re.compile(
    r"\b(?:(one|two|three|four|five|six|seven|eight|nine) hundred|(ciento|doscientos|trescientos"
    r"|cuatrocientos|quinientos|seiscientos|setecientos|ochocientos|novecientos))"
    r"\s+(?:and\s+|y\s+)?([1-9]\d)(?:[,.]000\b|\s*(?:thousand|mil|k)\b)"
)


def _hundreds_then_digits(folded: str) -> str:
    return _HUNDREDS_THEN_DIGITS.sub(
        lambda m: f"{_HUNDREDS_WORDS[m.group(1) or m.group(2)]}{m.group(3)}k", folded
    )


# "como 2 cientos treinta mil": a digit dictated before the Spanish hundreds and words after
_DIGIT_CIENTOS = re.compile(
    r"\b([1-9])\s*cientos\s+(?=(?:y\s+)?(?:diez|veint\w+|treinta|cuarenta|cincuenta|sesenta"
    r"|setenta|ochenta|noventa|once|doce|quince|mil)\b)"
)
_CIENTOS_WORDS = {v: k for k, v in _HUNDREDS_WORDS.items() if k.endswith("ientos") or k == "ciento"}
# and in English: "2 hundred thirty thousand"
_DIGIT_HUNDRED = re.compile(
    r"\b([1-9])\s*hundred\s+(?=(?:and\s+)?(?:ten|eleven|twelve|\w+teen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety)\b)"
)
_HUNDRED_WORDS = {v: k for k, v in DIGIT_WORDS.items()}


def _prepare(text: str, asked: bool) -> str:
    cleaned = unclock(fold(text)) if asked else fold(text)
    cleaned = _DIGIT_CIENTOS.sub(lambda m: f"{_CIENTOS_WORDS[int(m.group(1))]} ", cleaned)
    cleaned = _DIGIT_HUNDRED.sub(lambda m: f"{_HUNDRED_WORDS[int(m.group(1))]} hundred ", cleaned)
    cleaned = _hundreds_then_digits(cleaned)
    # "Está en 495.000", "1.200.000": a dot between thousands, as Spanish writes them
    cleaned = re.sub(r"(?<![\d.,])([1-9])\.(\d{3})\.(\d{3})(?![\d.,])", r"\1\2\3", cleaned)
    cleaned = re.sub(r"(?<![\d.,])([1-9]\d{2})\.(\d{2}0)(?![\d.,])", r"\1\2", cleaned)
    cleaned = _YEAR.sub(" ", cleaned)
    cleaned = re.sub(
        r"(?<![\d$])\b1099s?\b(?!\s*k\b)", " ", cleaned
    )  # "when you're 1099": a tax form
    cleaned = re.sub(r"\bthe \$?\d+\s*k? one\b", " ", cleaned)  # "the 425 one had a big hoa"
    # "19k in my 401k": a retirement account, not 401,000
    cleaned = re.sub(r"\b(?:401|403|457)\s*\(?\s*[kb]\s*\)?s?\b", " retirement ", cleaned)
    # "Looking 280-320", "entre 250 a 300": a range of hundreds beside a price word, in thousands
    cleaned = _PRICE_RANGE_OF_HUNDREDS.sub(r"\1\2k\3\4k", cleaned)
    # "el zip es 78045", "zip code 21224": a ZIP code is never an amount
    cleaned = re.sub(r"\b(?:zip|codigo postal|cp)\b\W*(?:\w+\W+){0,2}?\d{5}\b", " ", cleaned)
    # "la casa está en el 07501": a ZIP code of the Northeast, not 7,501
    cleaned = re.sub(r"(?<![\d$.,])0\d{4}(?![\d,.]|\s*(?:k|mil|grand)\b)", " ", cleaned)
    cleaned = spanish_hundreds_respelled(cleaned)
    cleaned = re.sub(
        r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?(?:\s*k)?)\s*-?\s*ish\b", r"~\1", cleaned
    )  # "500ish", "500k-ish": about 500
    cleaned = re.sub(
        r"\b(\d)\s*(?:hundred|cientos)\s*(?:thousand|k|grand|mil)\b", r"\g<1>00k", cleaned
    )
    # "about 3 hundred", "como 3 cientos", "3 cientos 50"
    cleaned = re.sub(
        r"\b([1-9])\s*(?:hundred|cientos)(?:\s+(?:y\s+|and\s+)?([1-9]\d?))?\b(?!\s*(?:mil|k)\b)",
        lambda m: str(int(m.group(1)) * 100 + int(m.group(2) or 0)),
        cleaned,
    )
    cleaned = re.sub(
        r"\b(hundred|thousand)\s+n\s+(?=[a-z])", r"\1 and ", cleaned
    )  # "a hundred n twenty"
    # "between 900k and a million": the top is a number too
    cleaned = re.sub(r"(?<!half )\b(?:a|one)\s+million\b|\bun\s+millon\b", "1m", cleaned)
    cleaned = _BETWEEN_AND.sub(r"between \1-\2", cleaned)
    cleaned = re.sub(r"\bentre\s+(\d[\d,.]*)\s+y\s+(\d[\d,.]*)", r"entre \1-\2", cleaned)
    if asked:  # "mid 300s" for a price is about 350k; elsewhere it is a credit score
        cleaned = _HUNDREDS.sub(
            lambda m: f" {int(m.group(2)) * 100 + _HUNDREDS_OFFSET[m.group(1)]}k ", cleaned
        )
    cleaned = re.sub(r"(?<=\d),(?=\d{3})", "", cleaned)
    # "$1.150.000": dots between thousands, as much of Latin America writes them
    cleaned = re.sub(r"\b\d{1,3}(?:\.\d{3}){2,}\b", lambda m: m.group().replace(".", ""), cleaned)
    cleaned = re.sub(r"(?<=\d),(?=\d{1,2}\s*(?:m|mil|millon|millones|million)\b)", ".", cleaned)
    if re.search(r"\bmill(?:on|ones|ion|ions)?\b", cleaned):  # "entre 1,4 y 1,65 millones"
        cleaned = re.sub(r"(?<=\b\d),(?=\d{1,2}\b)", ".", cleaned)
    # "worth about 1.1 million maybe 1.15": the second amount is in millions too
    cleaned = re.sub(
        r"(\d(?:\.\d+)?\s*(?:million|millones|millon|m)\b[^\d.!?]{1,20}?)(\d\.\d{1,3})\b"
        r"(?!\s*(?:million|millones|millon|mil|m|k|%))",
        r"\1\2 million",
        cleaned,
    )
    for pattern, replacement in _WORDS:
        cleaned = re.sub(pattern, replacement, cleaned)
    # "entre 450 y medio millón": the range again, now that its top is a number
    cleaned = re.sub(r"\bentre\s+(\d[\d,.]*)\s+y\s+(\d[\d,.]*\s*[km]\b)", r"entre \1-\2", cleaned)
    # Spanish "300 mil" is thousands; English "1.2 mil" is millions.
    cleaned = re.sub(
        r"(\d+(?:\.\d+)?)\s*mil\b",
        lambda m: m.group(1) + ("m" if float(m.group(1)) < 10 else "k"),
        cleaned,
    )
    lang = "en"
    if re.search(
        r"\b(?:mil|unos|como|mas o menos|millon\w*|medio|dos|tres|cuatro|cinco|seis|siete|ocho"
        r"|nueve|cien|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)\b"
        r"|cientos\b|\by medio",
        cleaned,
    ):
        lang = "es"
    # "un millon doscientos" is 1.2 million; "cuatro y medio" (hundreds of thousands) 450k.
    cleaned = re.sub(r"\b(?:un|1)\s*(?:millon|m)\s+(\w+cientos)\b", r"1m \1", cleaned)
    # "un millón, millón doscientos": a bare "millón" starting a range's second amount
    cleaned = re.sub(
        r"(^|[,;]\s*|\b(?:o|y|or|to|a)\s+)(?:millon|m)\s+(\w+cientos)\b", r"\g<1>1m \2", cleaned
    )
    if lang == "es" and re.search(r"\b(?:hundred|thousand|million)\b", cleaned):
        cleaned = clean(cleaned, "en")  # "Four hundred thousand, más o menos"
    cleaned = clean(cleaned, lang)
    # "between four hundred and four seventy five", not "between nine and eleven" (o'clock)
    cleaned = _BETWEEN_HUNDREDS_AND.sub(r"between \1-\2", cleaned)
    cleaned = re.sub(r"\b(\d)\s+point\s+(\d)(?!\d)", r"\1.\2", cleaned)  # "one point one million"
    # "entre 3 y 6 meses", "in 2 years": how long, never an amount
    cleaned = re.sub(
        r"\b\d+(?:\.\d+)?(?:\s*(?:-|to|a|y|or|o)\s*\d+(?:\.\d+)?)?\s*(?:months?|meses|mes|weeks?"
        r"|semanas?|years?|yrs?|años|anos|days?|dias)\b",
        " ",
        cleaned,
    )
    # "paid 340 in 23", "since '19": a year after an amount, not another amount
    cleaned = re.sub(
        r"\b(?:in|since|back in|en|desde)\s+'?[0-2]\d\b(?![\d.,]|\s*(?:k|m|mil|%))", " ", cleaned
    )
    if asked:
        # "mid three hundreds" (the words became "mid 300"): about 350k
        cleaned = re.sub(
            r"\b(low|lower|mid|middle|high|upper)\s*-?\s*([1-9])00\b(?!\s*(?:k|m|mil)\b)",
            lambda m: f" {int(m.group(2)) * 100 + _HUNDREDS_OFFSET[m.group(1)]}k ",
            cleaned,
        )

    # "two and a quarter", "three and a half" for a home: hundreds of thousands; not a rate
    # ("been payin 7 and a quarter since 23")
    def hundreds(m: re.Match[str]) -> str:
        if re.search(
            r"(?:rate|interest|apr|pay\w*|at|@|%)(?:\s+(?:is|was|of|at))?\W*$",
            cleaned[: m.start()][-20:],
        ):
            return m.group()
        return f"{int(m.group(1)) * 100 + {'q': 25, 'h': 50, '3': 75}[m.group(2)[0]]}k"

    cleaned = re.sub(
        r"\b([2-9])\s+and (?:a )?(quarter|half|3 quarters?)\b"
        r"(?!\s*(?:k|m|mil|million|%|percent)\b)",
        hundreds,
        cleaned,
    )
    cleaned = re.sub(r"\b(\d+)\s+(?:and a half|y medio)\s*(k|m)\b", r"\1.5\2", cleaned)
    cleaned = re.sub(r"\b(\d+)\s*(k|m)\s+(?:and a half|y medio)\b", r"\1.5\2", cleaned)
    cleaned = re.sub(r"\b([1-9])\s+([1-9]\d)\b", r"\1\2", cleaned)  # "four fifty" -> 450
    # "un millon doscientos" -> 1m 200 -> 1.2m; "cuatro y medio" -> 4.5 (hundreds of thousands)
    cleaned = re.sub(r"\b(\d)m\s+([1-9])00\b", r"\1.\2m", cleaned)
    # "un millon ciento cincuenta": 1m 150 is 1.15 million
    cleaned = re.sub(
        r"\b(\d)m\s+([1-9]\d{2})\b(?!\s*(?:k|m|mil)\b)",
        lambda m: f"{int(m.group(1)) * 1000 + int(m.group(2))}k",
        cleaned,
    )
    cleaned = re.sub(r"\b([1-9])\s+(?:y medio|and a half)\b(?!\s*(?:k|m)\b)", r"\1.5", cleaned)
    cleaned = re.sub(r"(\d)\s+(k|m)\b", r"\1\2", cleaned)
    # "a million two", "two million five": the digit after the millions is its tenths
    cleaned = re.sub(
        r"\b(\d)m\s+([1-9])\b(?!\d|[.,]\d|\s*(?:k|m|ba|car)\b|\s*(?:bed|br|bath|bd|stor|acre))",
        r"\1.\2m",
        cleaned,
    )
    # "un millon doscientos mil": 1m and 200k are one amount
    cleaned = re.sub(
        r"\b([1-9])m\s+(?:y\s+|and\s+)?([1-9]\d\d)(?:000|k)\b",
        lambda m: f"{int(m.group(1)) * 1000 + int(m.group(2))}k",
        cleaned,
    )
    cleaned = _dictated_hundreds(cleaned, asked)
    cleaned = _TAKEN_BACK.sub(" ", cleaned)
    # the last correction an amount follows ("sorry 398,900 typo": not the closing "typo")
    said = [c for c in _CORRECTION.finditer(cleaned) if _corrects_an_amount(cleaned[c.end() :])]
    if not said:
        return cleaned
    last = said[-1]
    if _CREDIT_NEAR.search(cleaned[max(0, last.start() - 30) : last.start()]):
        return cleaned  # "mi credito es 660, no espere ... 684": the score corrected
    # the numbers before the correction go; its words stay ("the house is more like 425")
    before, after = cleaned[max(0, last.start() - 30) : last.start()], cleaned[last.end() :]
    # "300 mil, no, mejor 350", "550 is my max. wait no 525": the new one in thousands too
    if re.search(r"\d\s*k\b", before) or (
        re.search(r"(?<![\d.,$])[1-9]\d\d(?![\d.,%])", before) and _PRICE_SAID.search(before)
    ):
        after = re.sub(r"^(\D*?\b\d{2,3})\b(?!\d|[.,]\d|\s*(?:k|m)\b)", r"\1k", after)
    return re.sub(r"\d", " ", before) + after


_PRICE_SAID = re.compile(
    r"\b(?:max|tops|budget|price|precio|presupuesto|worth|vale|valor|range|offer|asking|listed"
    r"|house|home|condo|place|casa)\b"
)
_VALUE_SAID = re.compile(r"\b(?:worth|valued?|apprais\w*|zillow|zestimate|vale)\b")
# "300k no wait more like 325", "660 no wait 680": the number after the correction counts.
_CORRECTION = re.compile(
    r"\b(?:no wait|wait,? no(?:pe)?|wait|actually|i mean|more like|scratch that|correction"
    r"|perdon|digo|mejor dicho"
    r"|realistically|mejor(?=,? \$?\d)|corrected (?:me|it|that|himself|herself)"
    r"|but (?:it'?d|it would|it could|would|could) (?:sell|go) for"
    r"|(?:don'?t|do not|dont) want to (?:go|spend|pay) (?:that|so) (?:high|much)"
    r"|sorry(?=,? \$?\d)|bueno(?=,? \$?\d)|oops|whoops|typo|meant"
    r"|bueno,? (?:tal vez|quizas?|a lo mejor|mas bien)(?=,? \$?\d)"  # "350k... bueno tal vez 380k"
    r"|(?<=\.\.\. )no(?=,? \$?\d)|(?<=\.\.\.)no(?=,? \$?\d)"  # "vale 520... no, 480"
    r"|(?<=\d\. )no(?=,? \$?\d)|(?<=\d, )no(?=,? \$?\d)"  # "650. no 680" (not "415 no 450")
    r"|(?<=\dk, )no(?=, \$?\d)"  # "280k, no, 260k"
    r"|no,? (?:perdon|espere|espera|digo|wait|sorry)|espere(?=,? \$?\d)|bueno no"
    r"|(?<=no, )mejor(?=,? \$?\d)|(?<=no )mejor(?=,? \$?\d)"
    # "Chris says 400 max. ok he just said 425 is fine": the other buyer changed it
    r"|(?:ok|okay|oh),? (?:he|she|they) (?:just )?(?:said|says|changed)"
    r"|(?<=[.!] )so(?=,? \$?\d[\d,.]*\s*(?:k|m|mil)?\s*[.!]*$))\b"  # "... so 425": the verdict
)


# Voice-to-text writes "four fifty" as "for 50" and "two seventy five" as "to 75".
_DICTATED = re.compile(r"(?<!up )\b(for|four|to|two|too)\s+([1-9]\d)\b(?![\d.,%]|\s*(?:k|m)\b)")


def _dictated_hundreds(cleaned: str, asked: bool) -> str:
    """ "budget's for 50 maybe for 60": every amount is two digits after "for" / "to"."""
    amounts = re.findall(r"\d+(?:\.\d+)?", cleaned)
    said = _DICTATED.findall(cleaned)
    if not said or len(said) != len(amounts):
        return cleaned
    if not asked and not re.search(r"\b(?:budget|price|worth|afford|looking at)", cleaned):
        return cleaned
    return _DICTATED.sub(
        lambda m: f"for {4 if m.group(1) in ('for', 'four') else 2}{m.group(2)}", cleaned
    )


# a range of two digits as the whole answer to the price question: "3-4", "like 3 to 4"
_DIGITS_RANGE = re.compile(
    r"\W*(?:like |about |around |maybe |prob(?:ably)? |como |unos |entre )?"
    r"[1-9]\s*(?:-|to|or|a|o|y)\s*[1-9]\W*(?:hundred(?: thousand| k)?|cientos(?: mil)?)?\W*"
)
# a digit said alone, not "3 kids" or "2 bedrooms"
_ONE_DIGIT = re.compile(r"(?<![\d.])[1-9](?![\d.])(?!\s*[a-z])")


def _hundreds_after(after: str, amount: float) -> bool:
    """ "appraised at 6.5 last yr prob 700 now": a later amount in hundreds (thousands of
    dollars) near the decimal's hundreds says the decimal is 650k, not 6.5 million."""
    later = re.search(r"\b([1-9]\d{2})\b(?![\d.,]|\s*(?:k|m|mil)\b)", after[:40])
    return bool(later and 0.7 <= int(later.group(1)) / (amount * 100) <= 1.5)


def _thousands(n: float) -> float:
    """ "375" for a price means 375k, "1.5" 1.5 million but "3.5" 350k; "4" in "4-450" is 400k."""
    if n < 2 and n % 1:
        return n * 1_000_000
    if n < 10 and n % 1:
        return n * 100_000
    if n < 10:
        return n * 100_000
    return n * 1_000 if n < 10_000 else n


# "selling our house here for about 1.3M and buying there for about 700": the old one's price
_BUYING = re.compile(r"\b(?:buy\w*|purchas\w*|compr\w*)\b")
_SOLD_FOR = re.compile(
    r"\b(?:sell\w*|sold|vend\w*)\b[^.;!?\d]{0,30}\b(?:for|en|por)\s*(?:about|around|like|como"
    r"|unos)?\s*[~$]*\s*$"
)
_SALE_BRINGS = re.compile(
    r"\b(?:sell\w*|sold|vend\w*)\s+(?:our|my|the|la|nuestra|mi|ours|mine)\b[^.;!?\d]{0,45}"
    r"\b(?:should|will|would|could|might|may|ought to|debe|deberia)?\s*"
    r"(?:bring|net|fetch|clear|get us|give us|go for|sell for|dejar|dar|vale|is worth|worth)\b"
    r"(?:\s+(?:in|us|me))?"  # "vendo mi casa allá (vale como 900 mil)"
    r"\s*(?:about|around|like|roughly|close to|maybe|unos|como)?\s*[~$]*\s*$"
)
# "what do I need down on a 250k house?": whatever else is said, that is the home's price
_A_HOME_OF = re.compile(
    r"\b(?:on|for|of|financ\w*|buy\w*) (?:a|an|the)\s*\$?\d+(?:\.\d+)?\s*(?:k|m)?\s*"
    r"(?:house|home|condo|place|townhouse|property)\b"
)


# An estimate of today's value after an older one: "probably closer to 500 now"
_WORTH_NOW = re.compile(
    r"\b(?:closer to|more like|probably|prob|maybe|likely|like|around|about|como)\s+\$?"
    r"(\d+(?:\.\d+)?)\s*(k|m)?(?:\s*-?ish)?\s+(?:now|today|these days|nowadays|hoy|ahora)\b"
)
# ... or said after the word for now: "se appraisó en 455 en 2024 y los comps ahora están en
# 470-480" (a range's top, as for prices)
_NOW_WORTH = re.compile(
    r"\b(?:now|today|these days|nowadays|ahora|hoy)\b(?:\s+(?:it'?s|its|is|are|they'?re|esta|estan"
    r"|anda|andan|vale|valen|worth|around|about|like|como|en|at|de|more like|closer to|go|goes"
    r"|going|sell|selling|for|por|van|se venden))+\s+\$?"
    r"(\d+(?:\.\d+)?)\s*(k|m)?(?:\s*(?:-|to|a|o|or)\s*\$?(\d+(?:\.\d+)?)\s*(k|m)?)?"
)
_SOLD_AT = re.compile(r"\b(?:for|asking|askin|priced at|listed at|list price)\s*$")


def _covers_a_price(before: str, number: str, suffix: str | None) -> bool:
    """ "BAH covers about 450": a monthly allowance is thousands of dollars, so a bare number
    in the hundreds is the price it pays for."""
    return (
        not suffix
        and 100 <= float(number) < 1000
        and bool(re.search(r"\bcovers?\b[^\d.!?;]{0,10}$", before))
    )


def parse_price(text: Any, *, asked: bool = True, value_only: bool = False) -> int | None:
    """Whole dollars; a range ("550-600k") keeps its top.

    `value_only` (a refinance or HELOC, not asked): only an amount said to be what the home is
    worth counts ("house is 425ish", "valued at $520,000"); a balance, a rate's loan, the
    cash wanted or what it cost years ago leave the value to its question.

    A bare number is only read as thousands ("375") or millions ("1.5") when the price was
    the question just asked; otherwise it is more likely a credit score or a menu reply.
    Bare five-digit numbers (ZIP codes) and amounts said to be income, a down payment or
    a balance owed are not prices.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = int(text)
        return value if MIN_PRICE_USD <= value <= MAX_PRICE_USD else None
    cleaned = _prepare(str(text), asked)
    # "scratch the 380, she says 420": the number taken back is gone, the next one replaces it
    retracted = _RETRACTED.search(cleaned)
    if retracted:
        cleaned = (
            cleaned[: retracted.start()] + " " * len(retracted.group()) + cleaned[retracted.end() :]
        )
    explicit: list[float] = []
    bare: list[float] = []
    cued: list[float] = []  # amounts right after "worth", "budget", "price"...
    tops: list[int] = []  # "400 tops", "top 450", "max 500k": the ceiling the borrower names
    tops_at: list[int] = []  # where each ceiling was said
    hard_tops: list[int] = []  # "max 425, would rather be under 400": the maximum, not the wish
    bought: list[float] = []
    range_tops: list[tuple[int, float]] = []  # (where, amount): the top of "185-195"
    chosen: list[float] = []
    old_values: list[float] = []
    valued: list[float] = []  # amounts said to be the home's value
    valued_ends: set[int] = set()
    lender_capped = False  # "pre-approval says up to 390k but I want to stay around 350"
    wished: list[float] = []
    approved: list[float] = []  # what a lender approved them for
    matches = list(_AMOUNT.finditer(cleaned))
    for i, match in enumerate(matches):
        dollar, number, suffix = match.groups()
        after = cleaned[match.end() : match.end() + 24]
        before = cleaned[: match.start()]
        if not suffix and "." in number and (_RATE_BEFORE.search(before) or after.startswith("%")):
            continue  # "is it worth refinancing at 7.25??": a rate
        if not suffix and re.fullmatch(r"[2-9]\.(?:125|375|625|875)", number):
            continue  # "the house is 4.125": a rate to the eighth of a point
        if _COMPARISON_BEFORE.search(before) or _TAX_VALUE_BEFORE.search(before):
            compared = float(number) * _MULTIPLIER.get(suffix or "", 1)
            if _AROUND_THERE.match(cleaned[match.end() : match.end() + 60]):
                chosen.append(compared if compared >= MIN_PRICE_USD else _thousands(compared))
            old_values.append(compared)
            continue
        if _STARTING_AT.search(before[-25:]) and not re.match(r"\s*k?\s*(?:-|to|a|hasta)\b", after):
            continue  # "homes in monroe from 320": a community's cheapest, not theirs (asked)
        if _APPROVED_FOR.search(before[-40:]) and len(matches) > 1:
            approved.append(float(number) * _MULTIPLIER.get(suffix or "", 1))
            continue
        sold = _SOLD_FOR.search(before[-45:])
        own_sale = re.search(  # "la mía la vendo en 390": their own home's sale
            r"\b(?:we|i)\b[^.;!?]{0,12}\bsold\b|\bvendi(?:mos)?\b"
            r"|\b(?:selling|sell)\s+(?:our|my|ours|mine)\b"
            r"|\b(?:la mia|la nuestra)\s+(?:la\s+)?vend(?:o|emos|ere|eremos)\b"
            r"|\b(?:mine|ours)\s+(?:i'?m|we'?re|i am|we are|is|are)?\s*(?:selling|gonna sell)\b"
            # "la grande la vamos a vender en 420": the home they have, sold
            r"|\b(?:la|lo)\s+(?:vamos a|voy a|pensamos|queremos|podemos)?\s*"
            r"vend(?:o|emos|er|ere)\b",
            before[-45:],
        )
        if _SALE_BRINGS.search(before[-90:]):
            continue  # "selling our house in Columbus, Ohio, which should bring around 520"
        if sold and (_BUYING.search(cleaned) or own_sale):
            continue  # the home they sell, when they also buy one
        if _BOUGHT_BEFORE.search(before[-64:]):
            bought.append(float(number) * _MULTIPLIER.get(suffix or "", 1))
            continue  # "bought for 289,900 in 2022": what it cost then, not its value today
        if _VALUATION_BEFORE.search(before) and _AGO_AFTER.match(after):
            # "appraised at 465 two years ago": used when no value of today is given
            old_values.append(float(number) * _MULTIPLIER.get(suffix or "", 1))
            continue
        if (
            _NOT_PRICE.match(after.strip())
            or _PER_MONTH.match(after)
            or _AFTER_NOT_PRICE.match(after)
            or (
                (_BEFORE_NOT_PRICE.search(before) or _CASH_WANTED_BEFORE.search(before))
                and not _covers_a_price(before, number, suffix)
                and not _A_HOME_OF.search(before[-12:] + match.group() + after)
            )
            or (  # "our credit is good, both around 730": a score, not a price
                not dollar
                and not suffix
                and 300 <= float(number) <= 850
                and _SCORE_TALK.search(before[-45:])
                and not _VALUE_WORD.search(before[-24:])
            )
            or (  # "720 credit, both of us work full time": a score named after it
                not dollar
                and not suffix
                and 300 <= float(number) <= 850
                and _SCORE_AFTER.match(after)
            )
        ):
            continue
        prev = matches[i - 1] if i else None
        in_range = (
            (
                prev is not None
                and re.fullmatch(
                    # "450 maybe 460"
                    r"\s*(?:-|to|a|or|o|[,?]? ?(?:or )?maybe(?: for)?|quizas|tal vez)\s*",
                    cleaned[prev.end() : match.start()],
                )
            )
            or (  # "como 230, 240": a second guess just above the first
                prev is not None
                and cleaned[prev.end() : match.start()].strip() == ","
                # (the second may carry the thousands: "vale como 700, 750 mil")
                and not ((suffix and suffix != "k") or prev.group(3) or dollar or prev.group(1))
                and 100
                <= float(prev.group(2))
                < float(number)
                <= 1.25 * float(prev.group(2))
                < 1250
            )
        )
        replaces = bool(retracted and match.start() > retracted.end())  # "she says 420"
        is_cued = (
            replaces
            or (
                not _CREDIT_NEAR.search(before[-20:])
                and (bool(_PRICE_CUE.search(before[-24:])) or bool(_RANGE_AFTER.match(after)))
            )
            or (
                in_range
                and prev is not None
                and bool(_PRICE_CUE.search(cleaned[: prev.start()][-24:]))
            )
        )
        amount = float(number)
        if in_range and not suffix and prev is not None and prev.group(3) == "k":
            if 100 <= amount < 1000 and amount > float(prev.group(2)):
                suffix = "k"  # "260k maybe 275": the second guess in thousands too
        if in_range and not suffix and prev is not None and not prev.group(3):
            bottom = float(prev.group(2))
            if 100 <= bottom < 1000 and 1 <= amount < 10 and amount * 100 > bottom:
                amount *= 100  # "350 to 4": the top says only its hundreds
        # "550-600k": the bottom of a range shares the top's suffix.
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if (
            not suffix
            and nxt
            and nxt.group(3)
            and re.fullmatch(r"\s*(?:-|to|a|y|and|or|o)\s*", cleaned[match.end() : nxt.start()])
        ):
            suffix = "m" if nxt.group(3) == "m" else "k"
        amount *= _MULTIPLIER.get(suffix or "", 1)
        said_value = bool(
            replaces
            or _VALUE_BEFORE.search(before[-40:])
            or _VALUE_AFTER.match(after)
            or (in_range and prev is not None and prev.end() in valued_ends)  # "worth 550-600k"
        )
        if said_value:
            valued_ends.add(match.end())
        n_explicit, n_cued = len(explicit), len(cued)
        big_enough = (
            amount >= MIN_PRICE_USD
            and (
                dollar
                or amount >= 100_000
                or asked
                # "found one on a half acre lot for 64,000": a whole amount a home is sold for
                or (amount >= 20_000 and bool(_SOLD_AT.search(before[-14:])))
            )
        )
        if not asked and amount < 50_000 and (suffix or dollar) and not is_cued:
            continue  # "juntamos como 12 mil": unasked, too small for a home unless called one
        ceiling = (
            _TOP_BEFORE.search(before[-16:])
            or _TOP_AFTER.match(after)
            or _OFFER_BEFORE.search(before[-24:])  # "list was 399, we offered 389"
        )
        in_millions = 1 <= amount < 10 and any(e >= 1_000_000 for e in explicit + cued)
        # "two and a half, three tops": the ceiling's hundreds of thousands
        in_hundreds = 1 <= amount < 10 and any(1e5 <= e < 1e6 for e in explicit + cued)
        if (
            ceiling
            and _LENDER_BEFORE.search(before[-50:])
            and _WISH_AFTER.search(cleaned[match.end() :])
        ):
            ceiling, lender_capped = None, True
        if ceiling and (
            suffix or big_enough or 10 <= amount < 10_000 or in_millions or in_hundreds
        ):
            if in_millions and not suffix:
                value = round(amount * 1_000_000)  # "budget 1.4ish, up to 1.5"
            else:
                value = round(amount if (suffix or big_enough) else _thousands(amount))
            if MIN_PRICE_USD <= value <= MAX_PRICE_USD:
                tops.append(value)
                tops_at.append(match.start())
                if not _SOFT_TOP_BEFORE.search(before[-16:]):
                    hard_tops.append(value)
        if suffix or big_enough:
            explicit.append(amount)
            if is_cued:
                cued.append(amount)
        elif is_cued and (10 <= amount < 10_000 or (in_range and 1 <= amount < 10)):
            # "worth 2.2-2.4": the top of a range in millions is in millions too
            in_range_millions = in_range and amount % 1 and cued and cued[-1] >= 1_000_000
            cued.append(amount * 1_000_000 if in_range_millions else _thousands(amount))
        elif (
            1 <= amount < 10
            and amount % 1
            and _VALUE_WORD.search(before[-24:])
            and not _hundreds_after(after, amount)
        ):
            cued.append(amount * 1_000_000)  # "budget 1.4ish": millions
        else:
            bare.append(amount)
        added = cued[n_cued:] or explicit[n_explicit:]
        if said_value and added:
            valued.append(added[-1])
        # not "max 375k, maybe 340": a lower guess after the ceiling itself
        after_top = prev is not None and bool(tops_at) and tops_at[-1] == prev.start()
        if in_range and not after_top and (added or 100 <= amount < 10_000):
            range_tops.append((match.start(), added[-1] if added else _thousands(amount)))
        if _WISH_BEFORE.search(before[-24:]) and (added or 10 <= amount < 10_000):
            wished.append(added[-1] if added else _thousands(amount))
        if (
            _CHOSEN_BEFORE.search(before[-12:])
            and (added or 10 <= amount < 10_000)
            and not re.match(r"\s*(?:%|percent|por ?ciento)", after)  # "put 25% down"
        ):
            upto = re.match(r"\s*k?\s*(?:-|to|a)\s*\$?(\d+(?:\.\d+)?)\s*(k|m)?", after)
            if upto:  # "I'd say 430-440": the range's top
                n = float(upto.group(1)) * _MULTIPLIER.get(upto.group(2) or "", 1)
                chosen.append(n if n >= MIN_PRICE_USD else _thousands(n))
            else:
                chosen.append(added[-1] if added else _thousands(amount))
    if lender_capped and wished:
        chosen.append(wished[-1])
    if chosen:
        value = round(chosen[-1])
        if MIN_PRICE_USD <= value <= MAX_PRICE_USD:
            return value
    if value_only:
        value = round(max(valued)) if valued else 0
        said = fold(str(text))
        now = _WORTH_NOW.search(said)
        later = None if now else _NOW_WORTH.search(said)
        current = now.group(1, 2) if now else None
        if later:
            current = later.group(3, 4) if later.group(3) else later.group(1, 2)
        if current and (valued or _VALUE_SAID.search(said)):
            n = float(current[0]) * _MULTIPLIER.get(current[1] or "", 1)
            n = n if n >= MIN_PRICE_USD else _thousands(n)
            if not valued or 0.8 * value <= n <= 1.5 * value:
                value = round(n)  # "appraised at 480 last year, probably closer to 500 now"
        if (
            not valued
            and (cued or explicit)
            and _CORRECTION.search(said)
            and _VALUE_SAID.search(said)
        ):
            value = round((cued or explicit)[-1])  # "worth about 310k (actually ... more like 330)"
        return value if MIN_PRICE_USD <= value <= MAX_PRICE_USD else None
    if tops:
        # "under 200k for sure, like 185-195": a range said after the ceiling, just under it
        under = [a for at, a in range_tops if at > tops_at[-1] and 0.75 * tops[-1] <= a < tops[-1]]
        if under:
            return round(under[-1])
        if hard_tops and max(hard_tops) > tops[-1]:
            return max(hard_tops)
        return tops[-1]  # "around 380, maybe 400 tops": the budget's ceiling
    cued_explicit = [a for a in cued if a in explicit]
    if cued_explicit:
        # "appraised at 300k, owe 200k": the value is the cued one; "worth about 240,000
        # maybe 250": so is the second guess, in thousands
        near = [a for a in cued if a not in explicit and 0.5 * max(cued_explicit) <= a]
        explicit = cued_explicit + [a for a in near if a <= 2 * max(cued_explicit)]
    elif cued and not explicit:
        explicit = cued  # "worth ~550": thousands
    elif cued and max(cued) > max(explicit):
        explicit = cued  # "I teach (62k) ... budget maybe 350": the amount said to be the price
    if explicit and asked:
        top = max(explicit)
        explicit += [
            t
            for n in bare
            if (100 <= n < 10_000 or (1 <= n < 10 and n % 1))  # "1.6, maybe 1.7 now"
            and 0.5 * top <= (t := _thousands(n)) <= 2 * top
        ]
    if not explicit and asked and _DIGITS_RANGE.fullmatch(fold(str(text))):
        explicit = [_thousands(max(bare))]  # "3-4", "3 o 4": hundreds of thousands
    if not explicit and asked:
        # "1.8-2.1": with a bare 1.x in millions, so is a 2.x
        millions = any(1 <= n < 2 and n % 1 for n in bare)
        # "4", "como 7", "worth like 3, owe 1": one digit alone is hundreds of thousands
        explicit = [
            n * 1_000_000 if millions and 1 <= n < 10 and n % 1 else _thousands(n)
            for n in bare
            if n >= 10
            or (n >= 1 and (n % 1 or (len(bare) == 1 and _ONE_DIGIT.search(fold(str(text))))))
        ]
    if not explicit and bought and asked and _SAME_NOW.search(cleaned):
        explicit = [n if n >= MIN_PRICE_USD else _thousands(n) for n in bought]
    if not explicit and asked and (owed_and_equity := _owed_plus_equity(cleaned)):
        return owed_and_equity
    if (land_and_home := _land_plus_home(cleaned)) is not None:
        return land_and_home
    approved = [  # "me aprobaron por 230": a lender's approval is money, in thousands
        n if n >= MIN_PRICE_USD or not (asked or 100 <= n < 1000) else _thousands(n)
        for n in approved
    ]
    if not explicit and approved:
        explicit = approved
    if not explicit and old_values and asked:
        explicit = [n if n >= MIN_PRICE_USD else _thousands(n) for n in old_values]
    if not explicit:
        return None
    top = round(max(explicit))
    if approved and asked and top < 0.25 * max(approved):
        top = round(max(approved))  # "20 mil pal enganche, calificamos hasta 350"
    return top if MIN_PRICE_USD <= top <= MAX_PRICE_USD else None


# A number a buyer's first text leaves bare ("buy in spokane valley. 380-420", "Como 450."):
# hundreds (thousands of dollars) or a decimal (millions), not a street number, a size, a
# count of years or a percentage
_BARE_HUNDREDS = re.compile(
    r"(?<![\d$.,:/#])(\d{3}|[1-9]\.\d{1,2})(?![\d,:/]|\.\d|\s*(?:k|m|mil|%|percent|sq|square"
    r"|acres?|ft|feet|miles?|mi\b|hours?|hrs?|years?|yrs?|a[nñ]os?|meses|months?|ba\b|baths?"
    r"|bed|br\b|stor|credit|score|fico|puntaje|[a-z]+ (?:st|street|ave|avenue|rd|road|dr|drive"
    r"|ln|lane|blvd|ct|court|way|pl)\b))"
)


# "cerca de la 192" (a highway), "las casas empiezan en 399" (the cheapest, not theirs)
_NOT_A_PRICE_BEFORE = re.compile(
    r"\b(?:la|el|the|hwy|highway|route|rt|ruta|carretera|exit|salida|interstate|i|us|sr|fm"
    r"|empiezan en|start(?:s|ing)? (?:at|from)|desde|from)\s*-?\s*$"
)


def bare_purchase_price(text: str) -> int | None:
    """The price a buyer's first text gives as a bare number, read as the answer to the price
    question would be; None where credit is talked about (the number may be a score)."""
    cleaned = re.sub(r"\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}", " ", fold(text))  # a phone number
    found = [
        m
        for m in _BARE_HUNDREDS.finditer(cleaned)
        if not _NOT_A_PRICE_BEFORE.search(cleaned[: m.start()])
    ]
    if any(_SCORE_TALK.search(cleaned[max(0, m.start() - 40) : m.end() + 20]) for m in found):
        return None  # credit is talked about beside the number: it may be a score
    # amounts said apart, a range counting as one: "250-275. 640" is a price and a score
    groups: list[list[float]] = []
    for i, m in enumerate(found):
        joined = i and re.fullmatch(
            r"\s*(?:-|to|a|or|o)\s*", cleaned[found[i - 1].end() : m.start()]
        )
        if joined:
            groups[-1].append(float(m.group(1)))
        else:
            groups.append([float(m.group(1))])
    ranges = [g for g in groups if len(g) > 1]
    scores = [g for g in groups if len(g) == 1 and 300 <= g[0] <= 850]
    if len(ranges) == 1 and scores and len(ranges) + len(scores) == len(groups):
        bare = ranges[0]  # "250-275. 640": the range is the price, the lone number a score
        price = parse_price(" - ".join(f"{n:g}" for n in bare), asked=True)
    else:
        bare = [n for g in groups for n in g]
        price = parse_price(text, asked=True)
    if price is None or not bare:
        return None
    said = {round(n * (1_000_000 if n < 10 else 1_000)) for n in bare}
    return price if price in said else None
