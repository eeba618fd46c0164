"""loan_purpose: purchase, refinance, cash_out_refinance or heloc."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import fold, misspelt, numbered_choice
from vocabulary import LOAN_PURPOSES

# The homes a buyer names: "a fishing camp", "a triple decker", "a 2-family", "a rowhome"
_HOMES = (
    r"(?:house|home|condo|townhouse|townhome|duplex|triplex|fourplex|cabin|cottage|camp|place"
    r"|property"
    r"|rowhome|row house|brownstone|co-?op|bungalow|triple[\s-]?deckers?|(?:two|three|2|3|multi)"
    r"[\s-]?family|multifamily|doublewide|double[\s-]wide|single[\s-]?wide|mobile home|acreage"
    r"|farm|ranch|lot|fixer[\s-]?upper)s?\b"
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    # Most specific first: "cash out refi" is not a plain refinance.
    (
        "heloc",
        r"\bhe?locs?\b|\bhe[ -]locks?\b|\bjel[oa][ck]k?\b|equity line|lines? of credit"
        r"|home equity line"
        # a second lien, as a HELOC
        r"|lineas? de credito|home equity loans?|second mortgage|segunda hipoteca"
        # Equity without giving up the first mortgage: a second lien, not a refinance.
        # "any way to get money out without refinancing?? I locked 2.875%"
        r"|without refinanc\w*\W*$"
        r"|without refinanc\w*(?=\W+(?:i|we|because|since|bc|cause|cuz|my|our|the|if)\b)"
        r"|without (?:touching|changing|refinancing|losing|giving up) (?:my |our |the )?"
        r"(?:\d+(?:\.\d+)?\s?% )?(?:first |current )?(?:mortgage|loan|rate)"
        r"|\bsin refinanciar\b|\bno la quiero perder\b"  # the low rate they keep
        r"|(?:sin|no quiero|no queremos) (?:cambiar|tocar|perder)"
        r" (?:mi |la |el |nuestra |nuestro )?"
        r"(?:hipoteca|prestamo|tasa)|keep (?:my|our|the) (?:current |low |existing |first "
        r"|\d+(?:\.\d+)?\s?% )?(?:rate|mortgage|first|loan)"
        r"|prestamo sobre (?:el valor|el equity|la equidad)"
        r"|not a (?:whole |brand )?new (?:mortgage|loan)"
        r"|(?:don'?t|do not) want (?:to refinance|a refi|a new (?:mortgage|loan)"
        r"|to redo (?:my |our |the )?(?:whole |entire )?(?:mortgage|loan))"
        # "a thing like a credit card but on your house", "the credit card house thing"
        r"|\bcredit card\W+(?:\w+\W+){0,3}?(?:on|against|for|from|off) (?:my|your|the|our|a)"
        r" (?:house|home)\b|\bcredit card (?:house|home) thing\b"
        r"|\btarjeta de credito\W+(?:\w+\W+){0,3}?(?:con|sobre|de) (?:la|mi|su) casa\b"
        # "i dont wanna mess up my rate tho its 2.75"
        r"|(?:don'?t|dont|do not) (?:wanna|want to|want|need to) (?:mess (?:up|with)|lose|touch"
        r"|give up) (?:my |our |the )?(?:\d+(?:\.\d+)?\s?%? )?(?:current |low |first )?"
        r"(?:rate|mortgage|loan)",
    ),
    (
        "cash_out_refinance",
        r"(?<!no )(?<!not )(?<!without )(?<!sin )(?<!not taking )(?<!not pulling )"
        r"(?<!not getting )(?<!no taking )cash[\s-]?out"
        r"|take (?:out )?(?:some |a little |a bit of )?(?:cash|money)"
        r"|(?:cash|money) (?:can|could) (?:i|we) (?:take|pull|get) out"
        r"|(?:refi\w*|refinanc\w*|refy)\W+(?:\w+\W+){0,4}(?:take|pull|get|sacar|saco)\s+"
        r"(?:out\s+)?(?:like\s+|about\s+|around\s+|como\s+|unos\s+)?"
        # an amount of money, not "refinancing and now I get 15 calls a day"
        r"(?:\$\d|\d+(?:[.,]\d+)?\s*(?:k|grand|thousand|mil)\b|\d{4,}|\d+(?:[.,]\d+)?\s+out\b)"
        r"|(?:take|pull|get|want|need|like)\s+(?:out\s+)?(?:like\s+|about\s+|around\s+)?\$?\d+\s*k?"
        r"\s+out\b(?! of (?:state|town|the country|pocket))"
        r"|(?:refi\w*|refinanc\w*).{0,120}(?:sacar|sacando|saco|retirar)(?: \w+){0,4}"
        r" (?:dinero|efectivo|cash"
        r"|plata|platica|dinerito|lana|feria|billete|chavos|reales|varos|pisto|biyuyo)|(?:refi\w*|refinanc\w*)\W+(?:\w+\W+){0,2}sacar\b"
        r"|retiro de efectivo|buy (?:\w+ ){0,2}out (?:\w+ ){0,3}(?:half|share|part|portion)"
        # "cambiar mi préstamo por uno más grande y sacar la diferencia", "a bigger loan and
        # keep the difference": a new, larger first loan pays out the equity
        r"|\b(?:uno|una|prestamo|hipoteca) mas grande\b[^.;!?]{0,40}\b(?:diferencia|efectivo"
        r"|dinero)\b|\b(?:bigger|larger) (?:loan|mortgage|one)\b[^.;!?]{0,40}\b(?:difference"
        r"|cash|money)\b"
        r"|pay (?:him|her|them|my ex)(?: out)? (?:his|her|their) (?:share|half|part)"
        r"|(?:pagarle|darle) (?:a (?:mi |su )?\w+ )?(?:su parte|la mitad|su mitad)"
        r"|(?:buy|buying) (?:my ex|him|her|them) out|comprarles? (?:su|la|sus) partes?"
        r"|(?:refi\w*|refinanc\w*).{0,30}\bpull (?:\w+ )?(?:out|cash)"
        r"|(?:refi\w*|refinanc\w*).{0,100}\b(?:sacar|retirar|take out|pull out)\s+"
        r"(?:unos |como |about |around |like )?\$?\d"
        # debts paid from the house: "how do i roll my credit cards into my mortgage"
        r"|\b(?:roll|put|fold|consolidate)\w* (?:all )?(?:my |our |the )?(?:credit cards?|cards"
        r"|debts?|bills|car (?:loan|note)|student loans?) into (?:my |our |the )?"
        r"(?:mortgage|house|home)\b",
    ),
    (
        "refinance",
        r"\bre-?fi\b|\brefinanc|lower (?:my |our |the )?(?:monthly )?(?:rate|payment|interest)"
        # "I simply want a smaller monthly payment on my home", "my payment to be smaller"
        r"|\b(?:smaller|reduce|cut|decrease) (?:my |our |the )?(?:monthly )?(?:house |mortgage )?"
        r"payments?\b|\b(?:my|our) (?:monthly |house |mortgage )?payment (?:to be |to get |to go )?"
        r"(?:smaller|lower|down)\b"
        r"|\brefy\b|\brefinan[sz]i?ar\w*"  # "refinansiar": Spanish as it sounds
        # a home bought on a contract for deed, paid off with a mortgage
        r"|(?:contract for deed|land contract)\b.{0,80}\b(?:pay\w* (?:\w+ )?off|paid off|payoff"
        r"|balloon|(?:regular|real|normal|bank) (?:mortgage|loan))"
        r"|(?:pay\w* off|payoff|refinanc\w*)\b.{0,60}\b(?:contract for deed|land contract)"
        r"|\brefinanciar|\brefinanciamiento|bajar (?:mi |la |el )?(?:tasa|pago|mensualidad|interes)"
        r"|(?:interes|tasa)\b.{0,40}\b(?:se puede|podemos|puedo|quiero|queremos) bajar"
        r"|drop (?:my |our |the )?(?:rate|payment)|get rid of (?:the )?(?:pmi|mortgage insurance)"
        r"|(?:remove|drop|cancel|get rid of) (?:the |my )?(?:pmi|mip)"
        r"|(?:take|get|remove) (?:my |our )?(?:ex|wife"
        r"|husband|spouse|ex-?\w+)(?: \w+)? off (?:the |our |my )?(?:loan|mortgage|title)"
        r"|(?:cambiar|pasar) (?:mi |el |nuestro )?(?:prestamo|hipoteca)|tasa fija|fixed rate"
        r"|better rate|mejor tasa|(?:quitar|sacar) a mi ex|new rate|rate (?:and|&) term"
        r"|out of (?:an? )?arm\b|shorter term|\barm\b.{0,30}\bfixed|\birrrl\b|\bstreamline\b"
        # "a 15 year fixed"; not "living here 15 years"
        r"|15[\s-]?(?:year|yr)s? (?:fixed|loan|mortgage|term|note)"
        r"|(?:to|into) a 15[\s-]?(?:year|yr)"
        r"|(?:switch|go|move|change) (?:\w+ ){0,3}(?:to )?(?:a )?(?:30|15|20)[\s-]?(?:yr|year)"
        r"|(?:tasa|interes) (?:mas )?baj[oa]|refinanc"
        r"|shorten (?:my |our |the )?(?:loan|mortgage|term)|(?:pay|paying) (?:it |\w+ )?off faster"
        r"|shorten to (?:a )?(?:10|15|20)"
        # "a mortgage at 6.9% ... a guy at church said I could get it lower"
        r"|\b(?:mortgage|rate|loan|interest)\b.{0,80}\b(?:get|bring) (?:it|that) (?:lower|down)\b"
        r"|(?:quitar|eliminar) (?:el |mi )?(?:pmi|seguro hipotecario)"
        # "pago PMI de 190 al mes ... se puede quitar?", "the PMI, can we drop it"
        r"|\b(?:pmi|mip|seguro hipotecario)\b[^.!?]{0,50}\b(?:quitar\w*|eliminar\w*|remove|drop"
        r"|get rid of|cancel)\b"
        # a parent's reverse mortgage paid off to keep the house
        r"|\b(?:pay|paying|pagar)\w* (?:off )?(?:the |la |el |his |her |su )?reverse\b"
        # out of an adjustable rate: "switch to one that doesnt change", "one that stays the same"
        r"|\b(?:switch|change|go|move)\b[^.;!?]{0,30}\b(?:one|loan|rate|mortgage) that"
        r" (?:stays? (?:the same|fixed|put)"
        r"|(?:doesn'?t|does not|won'?t|will not) (?:change|adjust))"
        r"|\b(?:one|rate|payment|loan) that stays the same\b",
    ),
    (
        "purchase",
        r"\bbuy|\bbought\b|\bpurchas|new home|first home|house hunting"
        r"|(?<!the )(?<!this )(?<!that )first[\s-]time"  # not "looked into it the first time"
        r"|\bbye an? (?:house|hous|home|condo|place)"  # "bye a house": a common SMS typo
        rf"|\b(?:to|wanna|tryna|gonna) by (?:a |an |my |our |us |me |another |one\\b|{_HOMES})"
        # the loan named for the home: "fha for a house", "un fha para una casa"
        rf"|\b(?:fha|usda|conventional|conv|loan|mortgage|hipoteca|prestamo|financing)"
        rf" (?:loan )?(?:for|para|pa) (?:a|an|un|una) (?:\w+ )?(?:{_HOMES}|casa|casita)"
        r"|\bcompr(?:ar|o|a|ando|amos|arnos|arme)\b|primera casa|\badquirir"
        r"|make an offer|put (?:in )?an offer|(?:found|fell in love with) (?:a|the|our) "
        r"(?:house|home|place|condo)|pre-?(?:qual|approv)|preaprob|pre-?calific"
        r"|touring(?! (?:musician|band|nurse|comedian|artist|with|the country))"
        r"|open houses?|looking at (?:houses|homes|condos|places)"
        r"|(?:our|my|a) first (?:house|place)"
        r"|under contract|offer accepted|accepted (?:our|my) offer|buscando casa"
        r"|(?<!tengo )(?<!tenemos )(?<!ya tengo )(?<!ya tenemos )casa propia"
        r"|first (?:house|home|place|condo)\b|quiero (?:una )?casa|queremos (?:una )?casa"
        r"|\bin contract\b|bajo contrato|tengo contrato|tenemos contrato|en contrato"
        r"|need a bigger (?:house|home|place)|want a (?:home|house)"
        r"|looking at (?:a |an )?\$?[\d,.]+\s*k?\s*(?:home|house|condo|townhouse)"
        r"|mortgage for a|relocating|pre-?approval|preaprobacion|investment property"
        r"|una casa (?:pa|para) (?:mi|nosotros|la familia)|pre[\s-]?approv|new construction"
        r"|(?:house|home|condo|townhouse|townhome|place)\W+(?:\w+\W+){0,3}need (?:a )?loan"
        r"|looking at (?:a |an |this )?(?:townhouse|townhome|house|home|condo|place)"
        r"|builder|(?:build|building) (?:a |our |my )?(?:house|home)"
        r"|looking at (?:a |an |this |some )?(?:\w+ ){0,2}(?:house|home|condo|duplex|triplex"
        r"|fourplex|townhouse|townhome|cabin|property|lot|land|place|apartment|doublewide"
        r"|double[\s-]wide|single[\s-]?wide|trailer|acreage|farm|ranch|farmhouse|homestead"
        r"|modular|manufactured home|mobile home)s?\b"
        # "a loan on a cabin up north": a home they do not own yet
        r"|(?:loan|mortgage|financing) (?:on|for) (?:a|an|this|that|some) (?:\w+ ){0,3}"
        r"(?:house|home"
        r"|cabin|condo|townhouse|duplex|place|property|doublewide|farm|ranch|acreage|lot|land"
        r"|singlewide|single wide|mobile home|manufactured home)\b"
        # "they want $349,900", "the sellers are asking 289": an asking price
        r"|\b(?:they|theyre|the sellers?|the owners?|seller|owner)\s+(?:are\s+|is\s+)?"
        r"(?:want|wants|asking|ask)\s+(?:like |about |around )?\$?\d"
        r"|\bbusc(?:o|amos|ando|an)\s+(?:una\s+|un\s+)?(?:casa|casita|hogar|vivienda|terreno|co-?op"
        r"|traila|trailer|apartamento|condominio|condo|townhouse|propiedad|depa|departamento)\b"
        # "lookin for a little fishin camp", "need a house for me and my 3 kids", "want a condo"
        rf"|\b(?:look\w* for|need|needs|want|wants|wanna get|dream(?:ing)? of"
        rf"|thinking (?:about|abt|of)) (?:a|an|some) (?:\w+ ){{0,2}}"
        rf"{_HOMES}"
        # "queremos una cabaña en McCall", "quiero un apartamentico en Kissimmee"
        r"|\b(?:quiero|queremos|quisiera|quisieramos|necesito|necesitamos)\s+(?:una?\s+)"
        r"(?:\w+\s+)?(?:casa|casita|cabaña|cabañita|condo|apartamento|apartamentico|depa"
        r"|departamento|townhouse|terreno|duplex|dúplex)\b"
        rf"|\blook(?:ing|in)? at (?:\w+ ){{0,2}}{_HOMES}"
        r"|\bsav(?:ed|ing|e) (?:up )?(?:enough )?for (?:a|an|our|my) (?:first )?(?:house|home|place"
        r"|condo|down payment)\b|\bhow much (?:house|home) can\b"
        r"|\bafford (?:a |an )?(?:house|home)\b"
        r"|\b(?:pick|picking) up (?:a|an|another|a third|a second|one more)\b"
        r"|\bnever (?:bought|owned) (?:a|an) (?:house|home|place)\b"
        r"|\bthe ones? we (?:like|love|saw)\b"
        r"|\bbudget\b|\bpresupuesto\b"
        r"|\b(?:use|usar) (?:my |mi |the |el )?va\b(?: loan)? (?:for|to buy|para) (?:a|an|una|un)\b"
        r"|\b(?:want|wanna|hope|hoping|ready|dream|like|love) to (?:finally )?own\b"
        # "quiero saber si califico para una casa": to buy one
        r"|\b(?:califico|calificamos|calificar|qualify) (?:para|for) (?:una |a |un )?(?:casa"
        r"|casita|house|home|condo|townhouse)\b"
        r"|\b(?:cop|get|find|grab) (?:a |us a |me a )?(?:crib|spot|house|home)\b"
        r"|\d+\s?% down|down payment|no money down|asking price|\bask(?:ing)? is\b"
        r"|listed (?:at|for)|list price|\busda\b"
        # what a purchase needs down: "how much down do i need", "cuanto es la prima"
        r"|\bhow much (?:\w+ ){0,3}down\b|\benganche\b|\bpago inicial\b|\bde inicial\b"
        r"|\b(?:cuanto|cuanta) (?:\w+ ){0,3}prima\b|\bprima (?:para|pa) (?:una |la |comprar)"
        # the home described, not named: "need a 5 bed asap", "a 3/2 in one of the new
        # subdivisions", "casa de 5 cuartos"
        r"|\b(?:need|want|look\w*|busc\w+|necesit\w+|viendo|queremos|quiero)\b.{0,30}"
        r"\b\d\s?(?:bed(?:room)?s?|br|bd|bdrm|cuartos|recamaras|habitaciones)\b"
        r"|\bon an? \d/\d(?:\.\d)?\b|\bnew subdivision"
        # shopping somewhere: "looking in KC, 300k tops", "looking around alpharetta 550-600k"
        r"|\blook(?:ing|in)? (?:in|around|near|up in)\b(?! to\b)"
        r"|\bin the \$?[\d.,]+\s*(?:k|m|mil)?\s*(?:to|-)\s*\$?[\d.,]+\s*(?:k|m|mil)? range\b"
        r"|\b(?:my|our) own place\b|\bplace of (?:my|our) own\b|\bneed out of (?:our|my|the) ap"
        r"|\bneed more (?:room|space)\b|\bfind (?:a|my|our|us a) (?:own )?(?:place|house|home)\b"
        r"|\bwhat (?:i|we)(?:d| would| could| can)? (?:could |can )?(?:afford|qualify for)\b"
        r"|\b(?:houses|homes|casas) (?:we|i|que) (?:like|love|want|saw|vimos|nos gustan)\b"
        r"|\brelocation\b|\brelo\b|\bbusc\w+ algo\b|\bviendo casas\b|\bcasas nuevas\b"
        r"|\bfinanciamiento (?:pa|para) (?:una|un)\b|\bpiden \$?\d"
        r"|\b(?:stop|done|tired of|quit) renting\b|\bdejar de rentar\b"
        # "do yall finance single wides? found one", "the house we want", "asking 289,000"
        r"|\b(?:do|can|will) (?:you|yall|y'?all|u) (?:guys )?finance\b|\bfound (?:one|it)\b"
        rf"|\bfound (?:a|an|the|this|our) (?:\w+ ){{0,2}}{_HOMES}"
        r"|\b(?:the |a )?(?:house|home|place|one|condo) (?:we|i) (?:want|like|found)\b"
        r"|\b(?:asking|askin)\s+(?:like |about |around )?\$?\d"
        r"|\bhow much (?:house|home|could (?:i|we) borrow for)\b|\bborrow for (?:a|an) "
        # a price looked at, not a rate: "looking at 1.3 to 1.5", "lookin at 600-650"
        r"|\blook(?:ing|in)? at (?:about |around |like |maybe )?\$?\d[\d.,]*(?![\d.,]*\s*%)"
        r"|\b(?:gonna|going to|want to|plan to|planning to) settle\b"
        r"|(?<!my )(?<!our )\b(?:house|home|condo|place) (?:around|about|like|under|up to) \$?\d"
        # the home described with a ceiling: "house in spring creek w a 3 car garage, 425ish max"
        r"|(?<!my )(?<!our )(?<!the )\b(?:house|home|condo|townhouse|townhome|cabin|duplex)\b"
        r"(?:(?!worth|valu|owe|apprais|zillow|balance)[^.!?]){0,60}?\b\d+(?:\.\d+)?\s*(?:k|m)?"
        r"(?:ish)?\s*(?:max|tops|or less|at most)\b"
        # a VA loan or a move that buys: "want to use my va loan", "0 down VA", "PCSing to"
        r"|\b(?:use|using|usar) (?:my |our |his |her |the |el |mi |su )?va\b"
        r"|\b(?:0|zero) down\b|\bpcs\W?(?:ing|in|d)? to\b"
        # bigger, smaller, one of their own: "want something bigger", "outgrowing our townhouse"
        r"|\b(?:want|need|looking for|look\w* for|find)\s+(?:something|a place|a house|a home)"
        r"\s+(?:bigger|smaller|larger|newer|with more)\b|\b(?:outgrow\w*|upsiz\w*|downsiz\w*)\b"
        r"|\bgo(?:ing)? in on (?:a|an|the) "
        r"|\blook\w* for something\b(?! (?:to do|else))"
        r"|\blook(?:ing|in)? on the \w+ side\b"
        r"|\bmoving (?:back |down |up |out |over )?(?:to|from)\b"
        # "want something one level around 350", "finance a rental, duplex in memphis"
        r"|\b(?:want|need|look\w* for)\s+(?:something|a place)\b[^.!?]{0,30}"
        r"\b(?:around|about|under|up to|below)\s+\$?\d"
        r"|\bfinanc\w* (?:a|an|another|our first|my first) (?:\w+ ){0,2}(?:rental|duplex|triplex"
        r"|fourplex|house|home|condo|property|investment)\b"
        r"|\b(?:made|making|put in|submitted|wrote) an? (?:offer|bid)\b"
        r"|\bin the market for (?:a|an|our|my) "
        # "quiero invertir en Charlotte, un duplex de 360k": buying to invest
        r"|\b(?:invertir|invest) (?:en|in) (?!(?:my|mi|our|nuestra|the|la) (?:house|home|casa)\b)"
        r"|\bquier\w* algo (?:de|como|por|en|cerca)\b"
        # "prefiero pagar hipoteca", "put half down", "need to line up a mortgage up there"
        r"|\b(?:prefiero|prefer|rather|mejor) (?:pagar |pay )?(?:una |a )?(?:hipoteca|mortgage)\b"
        r"|\bput (?:\w+ )?(?:half|\d+\s*%?k?) down\b"
        r"|\bneed (?:to (?:line up|get|find|set up) )?a (?:mortgage|home loan)\b"
        # "me quiero ir de california a Arizona", "nos mudamos pa Texas"
        r"|\b(?:nos vamos|me voy|nos mudamos|me mudo|nos queremos ir|me quiero ir) de \w+(?: \w+)?"
        r" (?:a|pa|para)\b|\b(?:nos mudamos|me mudo|mudarnos|mudarme) (?:a|pa|para)\b"
        r"|\b(?:want|wanna|plan|planning|hoping|hope|need|going) to move"
        r" (?:to|back to|closer|near)\b"
        rf"|\b(?:max|tops|budget|up to)\s+for (?:a|an) (?:\w+ ){{0,2}}{_HOMES}"
        r"|\b(?:look\w* for|need|want|wanna|busc\w*) (?:a |an )?(?:\w+ ){0,2}\d/\d(?:\.\d)?\b"
        r"|\b(?:a|an) (?:little |small |cute |nice )?double\b(?=\s+(?:around|for|in|under|at|near"
        r"|on|with)\b)"
        r"|(?<!our )(?<!my )\b(?:a|an) (?:little |small )?(?:vacation|beach|lake|ski|mountain"
        r"|weekend) (?:home|house|condo|cabin|place|getaway)\b",
    ),
)
# Dictation and autocorrect: "refine ants my house", "refinery", "cash our refi", "hello c"
_HEARD = (
    (
        re.compile(r"\brefine (?:ants?|and)\b|\brefinery (?=my|our|the|this|it|mi)|\bre financ"),
        "refinanc",
    ),
    (re.compile(r"\bcash (?:aut|our|owt|outs?ide)\b"), "cash out"),
    (re.compile(r"\bhel+o c\b|\bhe lo c\b|\bhe lock\b|\bhealo[ck]\b"), "heloc"),
    (re.compile(r"\bpurch\b"), "purchase"),  # texting shorthand
    (re.compile(r"\bcon pr(?=ar\b|amos\b|ando\b)"), "compr"),  # "quiero con prar"
    # "la casa que iba a comprar era de 600": a purchase given up is not the loan wanted
    (
        re.compile(
            r"\bque iba(?:mos)? a comprar|\b(?:one|house|home|place|condo) (?:that |which )?"
            r"(?:i|we) (?:was|were) (?:going to|gonna) buy|\balmost bought|\bcasi compr\w+"
        ),
        " ",
    ),
    # "I was gonna refinance my current place but we got orders", "primero pensaba
    # refinanciar pero mejor vendo y compro": a plan given up for the one that follows
    (
        re.compile(
            r"\b(?:i|we) (?:was|were) (?:going to|gonna|planning to|thinking (?:about|of))"
            r" (?:refinanc\w*|refi\w*|do (?:a|the) (?:refi\w*|he?loc))\b(?=[^.;!?]{0,60}\bbut\b)"
            r"|\b(?:pensaba(?:mos)?|iba(?:mos)? a|queria(?:mos)?) (?:en )?refinanciar\b"
            r"(?=[^.;!?]{0,60}\bpero\b)"
        ),
        " ",
    ),
)
# "Take some equity out", "sacar dinero de la casa": a cash-out refinance or a HELOC. Both
# lead to different LOs, so the bot asks which (or either) instead of guessing.
EQUITY = re.compile(
    r"(?<!sweat )\bequity\b(?! partner| firm| fund| research| analyst| trader| stake| investor)"
    r"|(?:pull|take|get|tap)(?:ing)? (?:\w+ ){0,4}out of (?:my|our|the) (?:house|home)"
    r"|(?:pull|take|get|tap)(?:ing)? out (?:\w+ ){0,3}(?:of|from) (?:my|our|the) (?:house|home)"
    r"|sacar(?:le)? (?:\w+ )?(?:dinero|efectivo|plata|cash|equity)"
    r"|(?:dinero|plata) de (?:mi|la) casa"
    r"|borrow (?:\w+ ){0,2}against|pedir prestado contra|second mortgage"
    # work wanted, not done: "la remodelamos" and "we remodeled" raised the value
    r"|renovat(?!ed|ion loans?)|remodel(?!ed|led|amos|aron|e\b|o\b)"
    r"|prestamo (?:con|sobre|contra) (?:la|mi|nuestra) casa"
    r"|home improvement"
    r"|segunda hipoteca|remodela(?!mos|ron)|sacar (?:como |unos |mas o menos )?\d+ ?(?:mil|k)\b"
    # "sacar como cuarenta mil de mi casa": an amount in words, taken out of the home
    r"|sacar (?:\w+ ){1,4}de (?:mi|la|nuestra) casa"
    r"|(?:pull|take|tap|get)(?:ing)? (?:some |my )?(?:cash"
    r"|money)(?: out)? (?:of|from) (?:my|our|the) (?:house|home)"
    # "i want money from my house to help my mom with her medical bills"
    r"|\b(?:want|need|get|use)\w* (?:some |the |a little |a bit of )?(?:cash|money)(?: out)?"
    r" (?:of|from) (?:my|our|the) (?:house|home|equity)\b"
    # "use the house to pay the cards off"
    r"|\buse (?:my|our|the) (?:house|home) (?:to (?:pay|cover|consolidate)|for (?:the )?(?:debts?"
    r"|bills|cards))"
)
_EITHER = re.compile(
    r"\b(?:either|whichever|either one|both|any|doesn'?t matter|dont care|don'?t know the "
    r"difference|cheaper|whatever|cualquiera|lo que (?:me )?convenga|el que (?:sea|convenga)"
    r"|no se (?:cual|la diferencia)|igual|me da igual|not sure|no se|idk|no idea"
    r"|(?:don'?t|do not) know what (?:it'?s|its|it is|that'?s) called|no se como se llama)\b"
)
# "make that a cash out refi not a heloc": the product taken back is not the purpose
_NOT_THIS_ONE = re.compile(
    r"\b(?:not|no(?: es| era)?|instead of|rather than|en vez de|en lugar de|forget(?: about)?"
    r"|olvida\w*|scratch|(?:don'?t|dont|do not) want(?: a| any)?|no quiero(?: un| una)?)\s+"
    r"(?:a |an |the |that |un |una |el |la )?"
    r"(he?loc|cash[\s-]?out(?: refi\w*)?|refi\w*|refinanc\w*|purchase|line of credit"
    r"|linea de credito)\b"
)
_A_HELOC = re.compile(r"\bhe?locs?\b|\blines? of credit\b|\blineas? de credito\b")
# a product a lender turned down is not the one wanted now
_TURNED_DOWN = re.compile(
    r"\b(?:for )?(?:a |an |the |my |our )?"
    r"(?:he?loc|refi\w*|cash[\s-]?out(?: refi\w*)?|line of credit)"
    r"\s+(?:that |which )?(?:got |was |were |just )*(?:denied|turned down|declined|rejected"
    r"|fell through)\b"
    r"|\b(?:denied|turned down|declined|rejected) (?:for |on )?(?:a |an |the |my |our )?"
    r"(?:he?loc|refi\w*|cash[\s-]?out(?: refi\w*)?|line of credit)\b"
)
# "not sure if that's a heloc or refinance or what": two ways to take equity, either one
_ONE_OR_THE_OTHER = re.compile(
    r"\b(?:he?loc|line of credit|linea de credito)\W+(?:or|o)\W+(?:a |an |un |una )?"
    r"(?:cash[\s-]?out|refi\w*|refinanc\w*)|\b(?:cash[\s-]?out(?: refi\w*)?|refi\w*|refinanc\w*)"
    r"\W+(?:or|o)\W+(?:a |an |un |una )?(?:he?loc|line of credit|linea de credito)\b"
)
# Which of the two is better, asked: either one, as above
_WHICH_IS_BETTER = re.compile(
    r"\b(?:or|o)\s+(?:is|would|es|seria|sera)\s+(?:it\s+)?(?:mejor\s+|better\s+)?"
    r"(?:a |an |un |una |el |la )?(?:he?loc|line of credit|linea de credito|cash[\s-]?out"
    r"(?: refi\w*)?|refi\w*|refinanc\w*)\b[^.!?]{0,15}\?"
)
# "heloc or refi? I'd rather keep my rate": the borrower leans one way; the patterns say which
_LEANS = re.compile(
    r"\b(?:rather|prefer\w*|prefiero|better|mejor|keep (?:my|our|the)"
    r"|so (?:a |the |prob(?:ably)? )?(?=he?loc|cash|refi|line|linea))"  # not "so my kid..."
)
# "looking to refinance... actually my husband says forget the refi, we should buy": the
# purpose said after the borrower changes their mind
# "appraised at 340 when we refinanced in 2021": a loan they had, not the one they want
_PAST_REFINANCE = re.compile(
    r"\b(?:we|i|they)\s+(?:already\s+|last\s+)?refinanced\b(?=[^.;!?]{0,20}\b(?:in|back in"
    r"|last|ago|(?:19|20)\d\d)\b)|\brefinanci(?:amos|e|aron|o) en (?:el )?(?:19|20)\d\d\b"
)


def only_a_past_refinance(text: Any) -> bool:
    """The only loan named is one they had: "it appraised at 340 when we refinanced in 2021"."""
    raw = fold(text)
    other = _PAST_REFINANCE.sub(" ", raw)
    return other != raw and parse_loan_purpose(other, asked=False) is None


# "maybe refinancing first... no, buying. final answer", "buying, no wait refinance"
_CHANGED_MIND = re.compile(
    r"\b(?:actually|scratch that|en realidad|pensandolo bien|mejor dicho|wait,? no|no,? wait)\b"
    r"|\.{2,}\s*no\b,?"
)
# "38k in credit cards... want to refinance and pay it all off": debts paid from the equity
_DEBTS = re.compile(
    r"\b(?:credit cards?|cards|debts?|truck note|car note|bills|student loans?|deudas|tarjetas"
    r"|cuentas (?:medicas|del hospital)|biles)\b"
)
_PAY_OFF = re.compile(
    r"\bpay\w* (?:\w+ ){0,3}off\b(?! faster| sooner| early| quicker)|consolidat\w*"
    r"|pagar (?:las |mis )?deudas"
)
_LEANING_TO = re.compile(
    r"\b(?:probably|prob|i think|i guess|let'?s (?:just )?(?:do|go with)|go with|i'?ll take"
    r"|(?<!es )(?<!seria )(?<!sera )mejor|creo que"  # not "¿o es mejor un HELOC?", a question
    r"|prefiero)\s+(?:a |the |un |una |el |la )?(cash[\s-]?out|he?loc|line of credit"
    r"|linea de credito"
    # "heloc ... or should i just refi? ok yeah lets do a regular refi, no cash out"
    r"|(?:just )?(?:a )?(?:regular|normal|plain|simple|straight) refi\w*)\b"
)
_PRODUCT = (
    r"(?:a |an |the |un |una |el |la )?(?:home equity (?:loan|line(?: of credit)?)|he?loc"
    r"|line of credit|linea de credito|cash[\s-]?out(?: refi\w*)?|refi\w*|refinanc\w*)"
)
# "Is a refinance the same thing as a home equity loan?": two products compared, neither chosen
_COMPARED = re.compile(
    rf"\b{_PRODUCT}\s+(?:the same(?: thing)? as|different (?:from|than)|vs\.?|versus"
    rf"|es lo mismo que|es igual que)\s+{_PRODUCT}"
    rf"|\b(?:difference|diferencia) (?:between|entre) {_PRODUCT} (?:and|y|o|or) {_PRODUCT}"
)


def _without_a_bare_comparison(raw: str) -> str:
    """The text less a comparison of products when nothing else says money is wanted: "is a
    refinance the same thing as a home equity loan? I'm confused" names no purpose, while
    "heloc vs cash out, need 40k for debts" wants equity (either, read as before)."""
    rest = _COMPARED.sub(" ", raw)
    if rest == raw or re.search(r"cash[\s-]?out|\d", raw) or EQUITY.search(rest):
        return raw
    return rest


# "or maybe a heloc? my brother says cash out refi so lets go with that": the one just named
_GO_WITH_THAT = re.compile(
    r"\b(cash[\s-]?out|he?loc|line of credit|refi\w*|refinanc\w*)\b[^.;!?]{0,12}?\W+"
    r"(?:so|then|ok|okay)?\W*(?:let'?s|lets|i'?ll|we'?ll|i will|we will)(?: just)?"
    r" (?:go with|do|take) (?:that|it|that one)\b"
)
# A HELOC they have, paid off by one new loan: "I refinanced in 2021 but then took a HELOC.
# Now I want to roll them together into one loan"
_SECOND_LIEN_HELD = re.compile(
    r"\b(?:took|take out|took out|have|got|had|my|our|the)\s+(?:a |an |out a |out an )?"
    r"(?:he?loc|second mortgage|2nd mortgage|line of credit)\b"
    # "a 5.1% first mortgage, a heloc at 9.5%": one they have, at its rate
    r"|\b(?:he?loc|second mortgage|2nd mortgage|line of credit) (?:at|@) ?\d"
)
# Paying a co-owner their share: "buy out my ex's half", "buy them out", "pagarle su parte"
_BUYOUT = re.compile(
    r"\bbuy (?:him|her|them|my ex|my (?:brothers?|sisters?|siblings?|spouse|husband|wife))"
    r" out\b"
    r"|\bbuy ?out (?:my |his |her |their |the )?(?:ex\b|ex'?s|brothers?|sisters?|siblings?"
    r"|spouse|husband|wife|partner|co-?owner|share|half)"
    r"|\b(?:comprarle|comprarles|pagarle|pagarles)\b[^.!?]{0,20}\bsus? (?:partes?|mitad)\b"
    # "a loan on it to buy her half", "buy my brother's share"
    r"|\bbuy (?:out )?(?:her|his|their|my (?:sister|brother|ex)'?s?) (?:half|share|part)\b"
)
# A second lien they have, beside the loan they want: "a 2nd HELOC at 9% balance 55k", "roll
# the heloc into it too"
_LIEN_THEY_HAVE = re.compile(
    r"\b(?:(?<!to )(?<!like )(?<!want )have|has|got|had|took|took out|existing|current)\s+"
    r"(?:a |an |out a |my |our |the )?(?:2nd |second )?(?:he?loc|second mortgage|2nd mortgage"
    r"|line of credit)\b"
    r"|\b(?:a |an |my |our |the )?(?:2nd |second )?(?:he?loc|line of credit) (?:at|@) ?\d"
    r"|\b(?:a |an |my |our |the )?(?:2nd|second) he?loc\b"
    r"|\b(?:roll\w*|pay\w* off|payoff|consolidat\w*|includ\w*)\s+(?:in\s+)?"
    r"(?:the |my |our |that |existing )?(?:he?loc|second mortgage|2nd mortgage|line of credit)\b"
)
_ROLLED_INTO_ONE = re.compile(
    r"\b(?:roll|combine|consolidate|merge|put)\w* (?:\w+ ){0,4}?(?:together|into one|in one"
    r"|into (?:a )?single|into (?:my|our|the) (?:first|1st|main) (?:mortgage|loan))\b"
)
# A relative's or a friend's loan, told as the reason they text: "my cousin in Kentucky
# refinanced thru you guys", "mi prima compró con ustedes"
_SOMEONE_ELSES = re.compile(
    r"\b(?:my|our|mi|nuestr[oa]|su|a) (?:\w+ ){0,2}?(?:cousin|friend|coworker|co-worker|boss"
    r"|neighbou?r|brother|sister|brother in law|sister in law|aunt|uncle|parents|in-?laws|mom"
    r"|dad|prim[oa]|amig[oa]|compañer[oa]|herman[oa]|cuñad[oa]|ti[oa]|vecin[oa]|suegr[oa]s?"
    r"|compadre|comadre|jefe)(?! and i| y yo)\b[^.;!?]{0,40}?"
    r"\b(?:refinanced|refi'?d|bought|closed|used|did|got|went|compr[oó]|refinanci[oó]|cerr[oó]"
    r"|sac[oó]|us[oó]|hizo)\b[^.;!?]*"
)
_PMI_OFF = re.compile(r"\b(?:pmi|mip|mortgage insurance|seguro hipotecario)\b")
_CASH = re.compile(r"\b(?:cash|take out|pull out|sacar|money out|dinero)\b")
_WORDS = {"purchase": "purchase", "buying": "purchase", "refinance": "refinance"}
# Unasked, only long words are safe to read through a typo ("refinacing", "purchse").
_LONG_WORDS = {
    "refinance": "refinance",
    "refinancing": "refinance",
    "purchase": "purchase",
    "purchasing": "purchase",
}


def parse_loan_purpose(text: Any, *, asked: bool = True) -> str | None:
    """purchase / refinance / cash_out_refinance / heloc from words or a 1-4 menu reply.

    The menu number only counts as the answer to the purpose question (`asked`).
    """
    raw = fold(text)
    if raw in LOAN_PURPOSES:
        return raw
    choice = numbered_choice(raw, len(LOAN_PURPOSES)) if asked else None
    if choice:
        return LOAN_PURPOSES[choice - 1]
    if asked and re.fullmatch(r"(?:to )?bye?(?: (?:one|it|a (?:house|home|condo|place)))?", raw):
        return "purchase"  # "by": "buy", typed fast
    for heard, meant in _HEARD:
        raw = heard.sub(meant, raw)
    raw = _without_a_bare_comparison(raw)
    taken_back = [m.group(1) for m in _NOT_THIS_ONE.finditer(raw)]
    raw = _NOT_THIS_ONE.sub(" ", raw)
    if any(_A_HELOC.fullmatch(product) for product in taken_back):
        # "Quiero un heloc ... Perdón, no es heloc, quiero refinanciar y sacar efectivo":
        # the HELOC named first is the one taken back
        other = _A_HELOC.sub(" ", raw)
        if parse_loan_purpose(other, asked=asked):
            raw = other
    # "just a normal refi, not pulling any cash out": the cash they do not want
    raw = re.sub(
        r"\b(?:not|no|without|sin|(?:don'?t|do not) (?:want|need)(?: to)?|nada de"
        r"|no (?:quiero|queremos|necesito|necesitamos))\s+(?:\w+\s+){0,2}?"
        r"(?:cash|money|equity|dinero|efectivo)(?:\s+out)?\b",
        " ",
        raw,
    )
    # "owe 190 on the first and 45 on the heloc": a loan they have, not the one they want
    raw = re.sub(
        r"\b(?:on|off|of) (?:the|my|our|that) (?:he?loc|second mortgage|2nd mortgage)\b", " ", raw
    )
    other = _SOMEONE_ELSES.sub(" ", raw)  # "my cousin refinanced thru you": not their loan
    if other != raw and parse_loan_purpose(other, asked=asked):
        raw = other
    other = _TURNED_DOWN.sub(" ", raw)  # "appraised for a heloc that got denied": not this one
    if other != raw and parse_loan_purpose(other, asked=asked):
        raw = other  # unless it is the only one named: "Rocket denied my refi, can you do better"
    # "pre-approved elsewhere but want a better rate": a better offer on the loan that buys
    raw = re.sub(
        r"\b((?:pre-?approv|preaprob)\w*)\b[^.;!?]{0,50}\b(?:better|lower|best|mejor)"
        r" (?:rate|deal|offer|terms|tasa)\b",
        r"\1",
        raw,
    )
    if not asked:
        # "I bought my first house 5 yrs ago": a home they own, not one to buy
        raw = re.sub(
            r"\b(?:i|we) bought (?:my|our|the|this) (?:first )?(?:house|home|place|condo)\b"
            r"[^.;!?]{0,20}?\b(?:ago|in (?:19|20)\d\d|back in|last year)\b",
            " ",
            raw,
        )
        raw = re.sub(r"\bbought\b", " ", raw)  # "appraised for 235 when we bought": the past
        raw = re.sub(r"\bcompr(?:e|amos|aron|o) en (?:el )?(?:19|20)\d\d\b", " ", raw)
        other = _PAST_REFINANCE.sub(" ", raw)  # "refinanced in 2021 at 3%, now want a heloc"
        if other != raw and parse_loan_purpose(other, asked=asked):
            raw = other
    changed = list(_CHANGED_MIND.finditer(raw))
    if changed and (later := parse_loan_purpose(raw[changed[-1].end() :], asked=False)):
        return later
    if (that_one := _GO_WITH_THAT.search(raw)) and re.search(_PATTERNS[0][1], raw):
        said = that_one.group(1)
        if re.match(r"he?loc|line", said):
            return "heloc"
        cash = said.startswith("cash") or EQUITY.search(raw)
        return "cash_out_refinance" if cash else "refinance"
    leaning = _LEANING_TO.search(raw)
    if leaning and re.search(_PATTERNS[0][1], raw):  # a HELOC named beside the choice
        # "cash out refinance. Or would a HELOC be better? Probably cash out"
        if re.search(r"refi", leaning.group(1)):
            return "refinance"
        return "heloc" if re.match(r"he?loc|line", leaning.group(1)) else "cash_out_refinance"
    if (
        _WHICH_IS_BETTER.search(raw)
        and re.search(r"\b(?:refi\w*|refinanc\w*|cash[\s-]?out)", raw)
        and re.search(r"\b(?:he?loc|line of credit|linea de credito)\b", raw)
    ):
        return "cash_out_refinance"  # "¿puedo sacar dinero refinanciando? ¿o es mejor un HELOC?"
    if _ONE_OR_THE_OTHER.search(raw) and not _LEANS.search(raw):
        # "heloc or refinance or what": either, as parse_equity_kind reads "either"
        return "cash_out_refinance"
    if _SECOND_LIEN_HELD.search(raw) and _ROLLED_INTO_ONE.search(raw):
        if re.search(r"\b(?:truck|car|auto|student|personal) loan|\bcards?\b", raw):
            return "cash_out_refinance"  # ... and a truck loan: other debts paid by the equity
        return "refinance"  # "took a HELOC ... roll them together into one loan": one new loan
    if _BUYOUT.search(raw):
        return "cash_out_refinance"  # the equity pays the co-owner's share
    other = _LIEN_THEY_HAVE.sub(" ", raw)
    if other != raw and (kept := parse_loan_purpose(other, asked=asked)):
        return kept  # "a cash-out refinance ... a 2nd HELOC at 9%, roll the heloc into it"
    for purpose, pattern in _PATTERNS:
        if re.search(pattern, raw):
            if purpose == "purchase" and EQUITY.search(raw):
                continue
            if purpose == "refinance" and _PMI_OFF.search(raw) and not _CASH.search(raw):
                return purpose  # "get rid of PMI, I have way more equity now": the equity is why
            if purpose == "refinance" and (
                EQUITY.search(raw) or (_DEBTS.search(raw) and _PAY_OFF.search(raw))
            ):
                return "cash_out_refinance"  # equity out through a refinance
            return purpose
    # One misspelt keyword ("refinace", "purchace") is still clear enough.
    if asked:
        return misspelt(raw, _WORDS)
    words = [w for w in raw.split() if len(w) >= 7 and not w.startswith("financ")]
    return misspelt(" ".join(words), _LONG_WORDS)


def turned_down(text: Any) -> bool:
    """A product a lender turned down is named: "appraised for a heloc that got denied"."""
    return bool(_TURNED_DOWN.search(fold(text)))


def wants_equity(text: Any) -> bool:
    """Equity out, without saying whether by a cash-out refinance or a HELOC."""
    folded = fold(text)
    if _PMI_OFF.search(folded) and not _CASH.search(folded):
        return False  # "pago PMI y ya tengo más equity, se puede quitar?": the equity is why
    return bool(EQUITY.search(_without_a_bare_comparison(folded)))


def debts_on_an_owned_home(text: Any) -> bool:
    """A homeowner's debts with no loan named: equity is the likely way out, so asked."""
    said = fold(text)
    return bool(_DEBTS.search(said) and _OWNS_THE_HOME.search(said))


# "52k in debt between cards and a car loan... I own my house": a homeowner's way out of debt
_OWNS_THE_HOME = re.compile(
    r"\b(?:i|we) own (?:my|our|the) (?:house|home)\b|\b(?:house|home|casa) is (?:all )?paid off\b"
    r"|\b(?:tengo|tenemos) (?:mi|nuestra) (?:propia )?casa\b|\b(?:tengo|tenemos) casa propia\b"
    # "a house in san antonio thats almost paid off"
    r"|\b(?:house|home)\b[^.;!?]{0,40}\b(?:is|thats|that'?s|that is) (?:almost |nearly |mostly )?"
    r"paid off\b"
    r"|\bsoy (?:dueñ|duen)[oa] de (?:mi|la) casa"
)


def parse_equity_kind(text: Any) -> str | None:
    """The reply to "cash-out refinance or HELOC?": 1 / 2, the words, or "either".

    "Either" (or "I don't know the difference") becomes a cash-out refinance: the broader
    product, offered by every LO with conventional loans.
    """
    raw = fold(text)
    choice = numbered_choice(raw, 2)
    if choice:
        return ("cash_out_refinance", "heloc")[choice - 1]
    purpose = parse_loan_purpose(raw, asked=False)
    if purpose in ("cash_out_refinance", "heloc"):
        return purpose
    if re.search(r"\b(?:refi|refinanc\w*|new loan|nuevo prestamo)\b", raw):
        return "cash_out_refinance"
    if re.search(
        r"\b(?:line|linea|keep (?:my|the|our) (?:current |first |existing )?"
        r"(?:loan|rate|mortgage))\b",
        raw,
    ):
        return "heloc"
    if _EITHER.search(raw):
        return "cash_out_refinance"
    return None
