"""Development conversation sets whose rosters license states other sets expect nobody in,
so each group plays on a stack of its own, holding its sets' rosters (the rules are those of
check-personas, benchmarks/personas.py):

- dev7 + dev8 (tests/corpus_dev7, dev8): nobody in HI and WY;
- dev9 + dev12: nobody in WV, WY, ND and VT (dev8's roster has WV);
- dev10 + dev13: nobody in WY, AK, SD and NH (dev9's roster has NH);
- dev14 + dev17: nobody in MT, ME, MS and ID;
- dev18 + dev20: nobody in ME, DE, HI and MT;
- dev21 + dev23: nobody in VT and WY;
- dev15 (nobody in DE, RI), dev16 (nobody in KY, NE), dev22 (nobody in WV, ND), dev24
  (nobody in MS, ND), dev25 (nobody in VT, DE), dev26 (nobody in WY, ND), dev27 (nobody in
  NE, ID), dev28 (nobody in VT, WY), dev29 (VT, ND), dev30 (WY, ND), dev31 (AK, WY), dev32
  (AK, ND), dev35 (MT, PR), dev36 (HI, ND), dev37 (WV, ND), dev38 (WY, WV), dev39 (WY, ME),
  dev40 (ND, WV), dev41 (HI, CT), dev42 (HI, WV), dev43 (HI, MT), dev44 (MT, ME), dev45
  (ME, KS), dev46 (MS, RI), dev47 (WV, NE), dev48 (MS, ND), dev49 (ND, WV), dev50 (WV, MT),
  dev51 (MT, ME), dev52 (NM, ID), dev53 (MT, WV), dev54 (WV, SD), dev55 (ME, MT), dev56
  (ND, WY), dev57 (WV, ND), dev58 (MT, VT), dev59 (AR, MS), dev60 (MT, WY), dev61 (HI),
  dev62 (WV, MS), dev63 (AR, MS), dev64 (VT, DE), dev65 (MT, WV),
  dev66 (ND, WY), dev67 (MS, WV), dev68 (NM, UT), dev69 (AL, WV), dev70 (ND, WV), dev71
  (ME, ND), dev72 (WY, MS), dev73 (IA, VT), dev74 (OR, SC), dev75 (ND, WY), dev76 (DE, PR),
  dev77 (WY, MS), dev78 (MO, IN), dev79 (SD, NE), dev80 (HI, ID), dev81 (NM, KS), dev82
  (SC, NH), dev83 (LA, AR), dev84 (CT, RI), dev85 (MT, KY), dev86 (WI, WV), dev87 (VT, OK),
  dev88 (ME, NV), dev89 (UT, DE), dev90 (MN, AL), dev91 (MS, ND), dev92 (MD, WY), dev93
  (OR, IA), dev94 (TN, IN), dev95 (NJ, CO), dev96 (AZ, MI), dev97 (KY, NH), dev98 (SD, RI),
  dev99 (WV, NE), dev100 (CT, HI), dev101 (MT, VT), dev102 (NV, ME), dev103 (KS, AR),
  dev104 (OK, NM), dev105 (DE, RI), dev106 (WY, AK), dev107 (MS, LA), dev108 (NH, VT),
  dev109 (ND, SD), dev110 (ID, MT), dev111 (HI, UT), dev112 (IA, NE), dev113 (AL, WI),
  dev114 (OR, SC), dev115 (MO, CT), dev116 (NJ, MN), dev117 (MD, LA), dev118 (AZ, KY), dev119
  (SC, MS), dev120 (NM, IA), dev121 (OR, MA), dev122 (UT, VA), dev123 (WA, IN), dev124 (ID,
  GA), dev125 (NV, SC), dev126 (CO, AL), dev127 (MI, OK), dev128 (NC, WV), dev129 (TN,
  NM), dev130 (WI, LA), dev131 (KS, ME), dev132 (MO, UT), dev133 (AR, DE), dev134 (NH,
  KY), dev135 (NY, HI), dev136 (VA, SD), dev137 (PA, OK), dev138 (NE, RI), dev139 (NV, WY)
  dev140 (MT, NC), dev141 (IN, SC), dev142 (AL, OR), dev143 (WA, MS), dev144 (CT, ID),
  dev145 (MD, KS), dev146 (LA, MN), dev147 (AZ, WV), dev148 (GA, IA), dev149 (TN, NJ), dev150
  (MI, NM), dev151 (CO, ME), dev152 (MA, OK), dev153 (TX, VT), dev154 (FL, ND), dev155
  (CA, UT), dev156 (OH, AK), dev157 (WI, DE), dev158 (MO, NH), dev159 (NC, IA), dev160
  (IL, AL), dev161 (GA, WA), dev162 (NV, MI), dev163 (PA, AZ), dev164 (TN, OR), dev165 (NJ,
  KS), dev166 (SC, ME), dev167 (IN, LA), dev168 (MD, WV), dev176 (WY, NC), dev184 (MT,
  ND), dev192 (MI, NH), dev200 (MN, NV), dev208 (AL, WI), dev216 (WV, AK), dev224 (NC, UT),
  dev232 (MT, VT), dev237 (CT, MS), dev238 (NE, HI), dev239 (UT, ND), dev240 (MN, RI),
  dev241 (WA, KY), dev242 (SD, IN), dev243 (CO, TN), dev244 (NJ, AK), dev245 (AZ, WV),
  dev246 (IL, SC), dev247 (MA, OK), dev248 (LA, MT), dev253 (OR, ME), dev254 (NV, WY),
  dev255 (AR, AL), dev256 (VA, PA), dev257 (MO, WI), dev258 (TX, GA), dev259 (NJ, CT) and
  dev260 (AZ, IN) each alone
  (their rosters also share LO ids):
  the other rosters license those states;
- dev33 + dev34: nobody in AK, ND and WY;
  dev19 alone too: its roster gives an NMLS ID that dev14's gives another LO, which the roster
  import rightly refuses.

dev10's and dev61's writers expected `occupancy` in 37 and 38 conversations, answered only
when asked; the bot never asks it (optional in the slot contract, absent from
../shared/corpus), so that key is dropped from their expectations and the rest is checked as
check-personas does.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.personas import Played, load, play_all, summary
from mm.stack import Backends, Stack
from storage.models import Borrower
from storage.roster import import_roster
from tests.conftest import us_daytime_offset

pytestmark = pytest.mark.e2e

TESTS = Path(__file__).resolve().parents[1]
# set -> (group sharing a stack, phone prefix)
SETS = {
    "dev7": ("dev7-8", "070"),
    "dev8": ("dev7-8", "080"),
    "dev9": ("dev9-12", "090"),
    "dev12": ("dev9-12", "120"),
    "dev10": ("dev10-13", "100"),
    "dev13": ("dev10-13", "130"),
    "dev14": ("dev14-17", "140"),
    "dev15": ("dev15", "150"),
    "dev16": ("dev16", "160"),
    "dev17": ("dev14-17", "170"),
    "dev19": ("dev19", "190"),
    "dev18": ("dev18-20", "180"),
    "dev20": ("dev18-20", "200"),
    "dev21": ("dev21-23", "210"),
    "dev23": ("dev21-23", "230"),
    "dev22": ("dev22", "220"),
    "dev24": ("dev24", "240"),
    "dev25": ("dev25", "250"),
    "dev26": ("dev26", "260"),
    "dev27": ("dev27", "270"),
    "dev28": ("dev28", "280"),
    "dev29": ("dev29", "290"),
    "dev30": ("dev30", "300"),
    "dev31": ("dev31", "310"),
    "dev32": ("dev32", "320"),
    "dev33": ("dev33-34", "330"),
    "dev34": ("dev33-34", "340"),
    "dev35": ("dev35", "350"),
    "dev36": ("dev36", "360"),
    "dev37": ("dev37", "370"),
    "dev38": ("dev38", "380"),
    "dev39": ("dev39", "390"),
    "dev40": ("dev40", "400"),
    "dev41": ("dev41", "410"),
    "dev42": ("dev42", "420"),
    "dev43": ("dev43", "430"),
    "dev44": ("dev44", "440"),
    "dev45": ("dev45", "450"),
    "dev46": ("dev46", "460"),
    "dev47": ("dev47", "470"),
    "dev48": ("dev48", "480"),
    "dev49": ("dev49", "490"),
    "dev50": ("dev50", "500"),
    "dev51": ("dev51", "510"),
    "dev52": ("dev52", "520"),
    "dev53": ("dev53", "530"),
    "dev54": ("dev54", "540"),
    "dev55": ("dev55", "550"),
    "dev56": ("dev56", "560"),
    "dev57": ("dev57", "570"),
    "dev58": ("dev58", "580"),
    "dev59": ("dev59", "590"),
    "dev60": ("dev60", "600"),
    "dev61": ("dev61", "610"),
    "dev62": ("dev62", "620"),
    "dev63": ("dev63", "630"),
    "dev64": ("dev64", "640"),
    "dev65": ("dev65", "650"),
    "dev66": ("dev66", "660"),
    "dev67": ("dev67", "670"),
    "dev68": ("dev68", "680"),
    "dev69": ("dev69", "690"),
    "dev70": ("dev70", "700"),
    "dev71": ("dev71", "710"),
    "dev72": ("dev72", "720"),
    "dev73": ("dev73", "730"),
    "dev74": ("dev74", "740"),
    "dev75": ("dev75", "750"),
    "dev76": ("dev76", "760"),
    "dev77": ("dev77", "770"),
    "dev78": ("dev78", "780"),
    "dev79": ("dev79", "790"),
    "dev80": ("dev80", "800"),
    "dev81": ("dev81", "810"),
    "dev82": ("dev82", "820"),
    "dev83": ("dev83", "830"),
    "dev84": ("dev84", "840"),
    "dev85": ("dev85", "850"),
    "dev86": ("dev86", "860"),
    "dev87": ("dev87", "870"),
    "dev88": ("dev88", "880"),
    "dev89": ("dev89", "890"),
    "dev90": ("dev90", "900"),
    "dev91": ("dev91", "910"),
    "dev92": ("dev92", "920"),
    "dev93": ("dev93", "930"),
    "dev94": ("dev94", "940"),
    "dev95": ("dev95", "950"),
    "dev96": ("dev96", "960"),
    "dev97": ("dev97", "975"),
    "dev98": ("dev98", "985"),
    "dev99": ("dev99", "995"),
    "dev100": ("dev100", "105"),
    "dev101": ("dev101", "115"),
    "dev102": ("dev102", "125"),
    "dev103": ("dev103", "135"),
    "dev104": ("dev104", "145"),
    "dev105": ("dev105", "155"),
    "dev106": ("dev106", "165"),
    "dev107": ("dev107", "175"),
    "dev108": ("dev108", "185"),
    "dev109": ("dev109", "195"),
    "dev110": ("dev110", "205"),
    "dev111": ("dev111", "215"),
    "dev112": ("dev112", "225"),
    "dev113": ("dev113", "235"),
    "dev114": ("dev114", "245"),
    "dev115": ("dev115", "255"),
    "dev116": ("dev116", "265"),
    "dev117": ("dev117", "275"),
    "dev118": ("dev118", "285"),
    "dev119": ("dev119", "295"),
    "dev120": ("dev120", "305"),
    "dev121": ("dev121", "315"),
    "dev122": ("dev122", "325"),
    "dev123": ("dev123", "335"),
    "dev124": ("dev124", "345"),
    "dev125": ("dev125", "355"),
    "dev126": ("dev126", "365"),
    "dev127": ("dev127", "375"),
    "dev128": ("dev128", "385"),
    "dev129": ("dev129", "395"),
    "dev130": ("dev130", "405"),
    "dev131": ("dev131", "415"),
    "dev132": ("dev132", "425"),
    "dev133": ("dev133", "435"),
    "dev134": ("dev134", "445"),
    "dev135": ("dev135", "455"),
    "dev136": ("dev136", "465"),
    "dev137": ("dev137", "475"),
    "dev138": ("dev138", "485"),
    "dev139": ("dev139", "495"),
    "dev140": ("dev140", "505"),
    "dev141": ("dev141", "515"),
    "dev142": ("dev142", "525"),
    "dev143": ("dev143", "535"),
    "dev144": ("dev144", "545"),
    "dev145": ("dev145", "555"),
    "dev146": ("dev146", "565"),
    "dev147": ("dev147", "575"),
    "dev148": ("dev148", "585"),
    "dev149": ("dev149", "595"),
    "dev150": ("dev150", "605"),
    "dev151": ("dev151", "615"),
    "dev152": ("dev152", "625"),
    "dev153": ("dev153", "635"),
    "dev154": ("dev154", "645"),
    "dev155": ("dev155", "655"),
    "dev156": ("dev156", "665"),
    "dev157": ("dev157", "675"),
    "dev158": ("dev158", "685"),
    "dev159": ("dev159", "695"),
    "dev160": ("dev160", "705"),
    "dev161": ("dev161", "715"),
    "dev162": ("dev162", "725"),
    "dev163": ("dev163", "735"),
    "dev164": ("dev164", "745"),
    "dev165": ("dev165", "755"),
    "dev166": ("dev166", "765"),
    "dev167": ("dev167", "775"),
    "dev168": ("dev168", "785"),
    "dev176": ("dev176", "011"),
    "dev184": ("dev184", "012"),
    "dev192": ("dev192", "013"),
    "dev200": ("dev200", "014"),
    "dev208": ("dev208", "015"),
    "dev216": ("dev216", "016"),
    "dev224": ("dev224", "017"),
    "dev232": ("dev232", "018"),
    "dev237": ("dev237", "019"),
    "dev238": ("dev238", "020"),
    "dev239": ("dev239", "021"),
    "dev240": ("dev240", "022"),
    "dev241": ("dev241", "023"),
    "dev242": ("dev242", "024"),
    "dev243": ("dev243", "025"),
    "dev244": ("dev244", "026"),
    "dev245": ("dev245", "027"),
    "dev246": ("dev246", "028"),
    "dev247": ("dev247", "029"),
    "dev248": ("dev248", "030"),
    "dev253": ("dev253", "031"),
    "dev254": ("dev254", "032"),
    "dev255": ("dev255", "033"),
    "dev256": ("dev256", "034"),
    "dev257": ("dev257", "035"),
    "dev258": ("dev258", "036"),
    "dev259": ("dev259", "037"),
    "dev260": ("dev260", "038"),
}


# `make test` plays every eighth set (32 of 189, about 10 minutes here): all of them took 51
# minutes here and more than CI's 90 on a slower runner (docs/nlu-report.md, "CI time").
# MM_PERSONA_SETS=all plays every set, as a change to bot/ is measured before it lands;
# MM_PERSONA_SETS=dev9,dev45 plays those.
def _played(choice: str) -> list[str]:
    if not choice:
        return [n for n in SETS if int(n.removeprefix("dev")) % 8 == 0]
    if choice == "all":
        return list(SETS)
    names = choice.split(",")
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise pytest.UsageError(f"MM_PERSONA_SETS: no such set {unknown}; one of {list(SETS)}")
    return names


PLAYED = _played(os.environ.get("MM_PERSONA_SETS", ""))
BORROWERS_PER_GROUP = 1000  # more than any group's conversations
NEVER_ASKED = {"dev10": {"occupancy"}, "dev61": {"occupancy"}}
# Measured with check-personas on Dec 4 (docs/nlu-report.md): dev7 39/40, dev8 39/40, dev9
# 38/40, dev10 40/40 without occupancy (6/40 with it), dev12 40/40, dev13 40/40, dev14 40/40,
# dev15 39/40; dev16 and dev17 as measured below; dev18-dev23 (first looks 31, 24, 33, 30,
# 31, 29) at 39, 37, 40, 37, 39, 36 at the end of the night (dev23 38 on Dec 5); dev24-dev28
# (Dec 5, first looks 33, 26, 32, 30, 17) at 39, 37, 39, 40, 34; dev29-dev31 (first looks 35,
# 28, 27) at 38, 37, 40 (Dec 5, 04:40); dev32-dev35 (first looks 31, 31, 37, 37) at 40, 37,
# 40, 40 (Dec 5, 05:20); dev36-dev38 (first looks 32, 23, 27) at 40, 40, 40 and dev39,
# dev40 (first looks 27, 25) at 39, 32 (Dec 5, 07:30-08:00); dev41, dev42 (first looks 17,
# 29) at 35, 37 and dev43, dev44 (first looks 25, 29) at 39, 38 (Dec 5, 10:00-10:45); dev45,
# dev46 (first looks 16, 34) at 21, 38 (Dec 5, 11:05); dev47, dev48 (measured only: 33, 32 on
# Dec 5 11:35) at 33, 33 and dev49, dev50 (first looks 35, 23) at 40, 39 (Dec 5, 13:20);
# dev51, dev52 (first looks 33, 39) at 40, 40 (Dec 5, 13:50); dev53, dev54 (first looks 34,
# 33) at 37, 39 (Dec 5, 14:40); dev55, dev56 (first looks 34, 29) at 37, 35 (Dec 5, 17:30;
# dev56's writer put `note_no_lo` and `opted_out` beside `expect`, where the checker does not
# read them, so three conversations that end rightly in a no-match or an opt-out count as
# misses); dev57, dev58 (first looks 34, 27) at 40, 39 (Dec 5, 16:45); dev59, dev60 (first
# looks 37, 37) at 39, 38 (Dec 5, 17:40); dev61, dev62 (first looks 33 without occupancy,
# 30) at 38, 39, dev63, dev64 (first looks 32, 34) at 39, 40 and dev65, dev66 (first looks
# 33, 34) at 38, 38 (Dec 5, 20:10); dev67, dev68 (first looks 30, 31) at 35, 36 (Dec 5,
# 20:35; dev67's writer expects self_employed from two borrowers who opt out at once);
# dev69-dev72 (first looks 29, 34, 35, 24) at 33, 40, 40, 36, dev73, dev74 (33, 32) at 40,
# 36, dev75, dev76 (34, 33) at 38, 37 and dev77, dev78 (37, 33) at 39, 37 (Dec 5 22:15 to
# Dec 6 00:00; dev69's writer expects a name from two borrowers who opt out at the consent
# question, and a price said again in three answers the bot never needs to ask); dev79-dev82
# (first looks 23, 29, 29, 29) at 36, 39, 38, 38 and dev83-dev86 (first looks 27, 27, 24, 29)
# at 38, 33, 33, 33 (Dec 6, 02:45-03:00, on 13fe5d0); dev87, dev88 (first looks 23, 26) at
# 32, 26 (Dec 6, 03:10, on 07cb737); dev89-dev92 (first looks 37, 26, 23, 33) at 40, 36, 38,
# 36 and dev93-dev96 (first looks after round 1: 38, 28, 30, 33) at 38, 36, 36, 39 (Dec 6,
# 06:15-06:40, on 91a5670 and 135ae87); dev97-dev104 (first looks 32, 36, 30, 31, 33, 33,
# 30, 34) at 35, 39, 39, 38, 38, 37, 38, 38 (Dec 6, 09:40-09:50, on 12f8d37); dev105-dev112
# (first looks after round 1: 22, 31, 24, 31, 31, 29, 36, 34) at 35, 37, 33, 38, 34, 38, 40,
# 39 (Dec 6, 10:15-10:35, on a660f89); dev113-dev128 (first looks 38, 35, 34, 37 on the
# code of the session before; 37, 39, 34, 33, 35, 36, 35, 34 on db088fc; 37, 36, 34, 39 after
# round 1) at 40, 39, 38, 40, 38, 40, 38, 39, 39, 40, 38, 38, 37, 37, 38, 40 (Dec 6,
# 12:55-13:15, on 02fa8fe); dev129-dev132 (first looks after round 2: 35, 36, 34, 32) at
# 36, 39, 38, 36 (Dec 6, 13:40, on 7b01f8a); dev133-dev136 (first looks 36, 32, 39, 36) at
# 38, 37, 40, 40 and dev137-dev148 (first looks 38, 37, 33, 33 on d69fccd; 36, 37, 28, 20
# on ddf35c3; 39, 39, 38, 29 on f4e73de) at 40, 38, 39, 38, 38, 40, 34, 40, 39, 39, 39, 36
# (Dec 6, 16:40-17:00, on 109f000); dev149-dev152 at their first looks on 109f000 (39, 37, 25,
# 39; dev151's long first messages informed the last round, 1b367a9, not measured after it);
# dev153-dev160 (first looks 39, 39, 39, 35, 40, 37, 36, 38 on 7266cbc) at 40, 40, 40, 40,
# 40, 40, 40, 39 (Dec 6, 19:30, on ecc8552); dev161-dev164 (first looks 37, 39, 39, 31 on
# ecc8552) at 40, 40, 40, 39 (Dec 6, 19:55, on 1a9f13b); dev165-dev168 (first looks 37, 36,
# 38, 37 on 1a9f13b) at 40, 39, 40, 40 (Dec 6, 20:08, on e26af1f). Of dev169-dev236 only
# the ones `make test` plays are here: dev176, dev184, dev192, dev200, dev208, dev216, dev224,
# dev232 at 39, 40, 39, 37, 40, 39, 40, 37 (Dec 7, 18:30, on 5b0edb6; the same on fd5f6b9);
# dev237-dev240 (first looks 39, 32, 39, 32 on 2262f9a) at 40, 39, 40, 40 (on 2ad67f2) and
# dev241-dev244 (first looks 39, 34, 35, 27 on 2ad67f2) at 40, 40, 40, 38 (Dec 7, 18:25, on
# 5b0edb6); dev245-dev248 (first looks 40, 36, 37, 35 on f59b4fd) at 40, 39, 40, 38 (Dec 7,
# 18:55, on 3f86a62); dev253-dev256 (first looks 36, 33, 36, 38 on 322a96f) and dev257-dev260
# (first looks 39, 35, 35, 36 on 4e6fd29) at 39, 40, 39, 40, 40, 40, 40, 40 (Dec 7, 22:45, on
# 074ca1b).
# Floors leave two for the clock.
EXACT_AT_LEAST = {
    "dev7": 34, "dev8": 36, "dev9": 36, "dev10": 38, "dev12": 38, "dev13": 38, "dev14": 38,
    "dev15": 37, "dev16": 34, "dev17": 34, "dev18": 37, "dev19": 35, "dev20": 38, "dev21": 35,
    "dev22": 37, "dev23": 36, "dev24": 37, "dev25": 35, "dev26": 37, "dev27": 38, "dev28": 32,
    "dev29": 36, "dev30": 35, "dev31": 38, "dev32": 38, "dev33": 35, "dev34": 38, "dev35": 38,
    "dev36": 38, "dev37": 38, "dev38": 38, "dev39": 37, "dev40": 30, "dev41": 33, "dev42": 35,
    "dev43": 37, "dev44": 36, "dev45": 19, "dev46": 36, "dev47": 31, "dev48": 31, "dev49": 38,
    "dev50": 37, "dev51": 38, "dev52": 38, "dev53": 35, "dev54": 37, "dev55": 35, "dev56": 33,
    "dev57": 38, "dev58": 37, "dev59": 37, "dev60": 36, "dev61": 36, "dev62": 37,
    "dev63": 37, "dev64": 38, "dev65": 36, "dev66": 36, "dev67": 33, "dev68": 34,
    "dev69": 31, "dev70": 38, "dev71": 38, "dev72": 34, "dev73": 38, "dev74": 34, "dev75": 36,
    "dev76": 35, "dev77": 37, "dev78": 35, "dev79": 34, "dev80": 37, "dev81": 36, "dev82": 36,
    "dev83": 36, "dev84": 31, "dev85": 31, "dev86": 31, "dev87": 30, "dev88": 24,
    "dev89": 38, "dev90": 34, "dev91": 36, "dev92": 34, "dev93": 36, "dev94": 34, "dev95": 34,
    "dev96": 37, "dev97": 33, "dev98": 37, "dev99": 37, "dev100": 36, "dev101": 36,
    "dev102": 35, "dev103": 36, "dev104": 36, "dev105": 33, "dev106": 35, "dev107": 31,
    "dev108": 36, "dev109": 32, "dev110": 36, "dev111": 38, "dev112": 37, "dev113": 38,
    "dev114": 37, "dev115": 36, "dev116": 38, "dev117": 36, "dev118": 38, "dev119": 36,
    "dev120": 37, "dev121": 37, "dev122": 38, "dev123": 36, "dev124": 36, "dev125": 35,
    "dev126": 35, "dev127": 36, "dev128": 38, "dev129": 34, "dev130": 37, "dev131": 36,
    "dev132": 34, "dev133": 36, "dev134": 35, "dev135": 38, "dev136": 38, "dev137": 38,
    "dev138": 36, "dev139": 37, "dev140": 36, "dev141": 36, "dev142": 38, "dev143": 32,
    "dev144": 38, "dev145": 37, "dev146": 37, "dev147": 37, "dev148": 34, "dev149": 37,
    "dev150": 35, "dev151": 23, "dev152": 37,
    "dev153": 38, "dev154": 38, "dev155": 38, "dev156": 38, "dev157": 38, "dev158": 38,
    "dev159": 38, "dev160": 37, "dev161": 38, "dev162": 38, "dev163": 38, "dev164": 37,
    "dev165": 38, "dev166": 37, "dev167": 38, "dev168": 38,
    "dev176": 37, "dev184": 38, "dev192": 37, "dev200": 35, "dev208": 38, "dev216": 37,
    "dev224": 38, "dev232": 35, "dev237": 38, "dev238": 37, "dev239": 38, "dev240": 38,
    "dev241": 38, "dev242": 38, "dev243": 38, "dev244": 36, "dev245": 38, "dev246": 37,
    "dev247": 38, "dev248": 36, "dev253": 37, "dev254": 38, "dev255": 37, "dev256": 38,
    "dev257": 38, "dev258": 38, "dev259": 38, "dev260": 38,
}  # fmt: skip
# dev9's older borrowers, dev14 and dev15 say less in their first text
MEDIAN_AT_MOST = {
    "dev7": 8, "dev8": 8, "dev9": 9, "dev10": 8, "dev12": 8, "dev13": 8, "dev14": 9, "dev15": 9,
    "dev16": 8, "dev17": 8, "dev18": 8, "dev19": 8, "dev20": 9, "dev21": 9,
    "dev22": 9, "dev23": 9, "dev24": 8, "dev25": 9, "dev26": 8, "dev27": 9, "dev28": 8,
    "dev29": 8, "dev30": 8, "dev31": 9, "dev32": 8, "dev33": 8, "dev34": 8, "dev35": 8,
    "dev36": 8, "dev37": 8, "dev38": 8, "dev39": 8, "dev40": 8, "dev41": 8, "dev42": 8,
    "dev43": 8, "dev44": 8, "dev45": 8, "dev46": 8, "dev47": 8, "dev48": 8, "dev49": 8,
    "dev50": 9, "dev51": 8, "dev52": 8, "dev53": 8, "dev54": 8, "dev55": 9, "dev56": 9,
    "dev57": 8, "dev58": 8, "dev59": 8, "dev60": 8, "dev61": 9, "dev62": 8,
    "dev63": 8, "dev64": 8, "dev65": 8, "dev66": 8, "dev67": 9, "dev68": 8,
    "dev69": 8, "dev70": 8, "dev71": 8, "dev72": 8, "dev73": 9, "dev74": 8, "dev75": 8,
    "dev76": 8, "dev77": 8, "dev78": 8, "dev79": 8, "dev80": 8, "dev81": 8, "dev82": 8,
    "dev83": 9, "dev84": 8, "dev85": 8, "dev86": 8, "dev87": 8, "dev88": 8,
    "dev89": 8, "dev90": 8, "dev91": 8, "dev92": 8, "dev93": 8, "dev94": 8, "dev95": 8,
    "dev96": 8, "dev97": 8, "dev98": 8, "dev99": 8, "dev100": 8, "dev101": 8, "dev102": 8,
    "dev103": 9, "dev104": 8, "dev105": 8, "dev106": 8, "dev107": 9, "dev108": 8, "dev109": 9,
    "dev110": 8, "dev111": 8, "dev112": 9, "dev113": 8, "dev114": 8, "dev115": 8, "dev116": 8,
    "dev117": 8, "dev118": 8, "dev119": 8, "dev120": 8, "dev121": 8, "dev122": 8, "dev123": 8,
    "dev124": 8, "dev125": 8, "dev126": 8, "dev127": 8, "dev128": 8, "dev129": 8, "dev130": 8,
    "dev131": 8, "dev132": 8, "dev133": 8, "dev134": 8, "dev135": 8, "dev136": 8, "dev137": 8,
    "dev138": 9, "dev139": 8, "dev140": 8, "dev141": 8, "dev142": 8, "dev143": 9, "dev144": 8,
    "dev145": 8, "dev146": 8, "dev147": 8, "dev148": 9, "dev149": 8, "dev150": 8, "dev151": 6,
    "dev152": 8, "dev153": 8, "dev154": 8, "dev155": 8, "dev156": 8, "dev157": 8, "dev158": 9,
    "dev159": 9, "dev160": 8, "dev161": 8, "dev162": 8, "dev163": 8, "dev164": 8, "dev165": 8,
    "dev166": 8, "dev167": 8, "dev168": 8,
    "dev176": 8, "dev184": 8, "dev192": 9, "dev200": 9, "dev208": 9, "dev216": 8, "dev224": 8,
    "dev232": 8, "dev237": 8, "dev238": 9, "dev239": 8, "dev240": 9, "dev241": 9, "dev242": 9,
    "dev243": 8, "dev244": 10, "dev245": 9, "dev246": 9, "dev247": 9, "dev248": 8,
    "dev253": 9, "dev254": 9, "dev255": 9, "dev256": 9, "dev257": 9, "dev258": 9, "dev259": 8,
    "dev260": 8,
}  # fmt: skip


def _personas(name: str) -> list[dict[str, Any]]:
    dropped = NEVER_ASKED.get(name, set())
    personas = load(TESTS / f"corpus_{name}" / f"personas-{name}.jsonl")
    return [
        {**p, "expect": {k: v for k, v in p["expect"].items() if k not in dropped}}
        for p in personas
    ]


def _play_group(
    tmp: Path, backends: Backends, sets: dict[str, str], first_borrower_id: int
) -> dict[str, list[Played]]:
    """The group's conversations on one stack holding its rosters, in US daytime. The
    stacks share one Rasa, which names a conversation by its borrower's id
    (introductions/inbound.py, rasa_sender), so each group's ids start past any id an
    earlier group's fresh database gave out."""
    db = tmp / "personas.db"
    first, *others = [TESTS / f"corpus_{n}" / f"roster-{n}.yaml" for n in sets]
    stack = Stack(
        database_url=f"sqlite:///{db}", log_dir=tmp / "logs", roster=first, backends=backends
    )
    with stack as s:
        assert s.svc is not None
        for roster in others:
            import_roster(s.svc.sessions, roster)
        with s.svc.sessions() as session, session.begin():
            session.add(Borrower(id=first_borrower_id - 1, phone="+15550000000"))
        minutes = us_daytime_offset().total_seconds() / 60
        httpx.post(s.url + "/sandbox/api/clock", json={"minutes": minutes}).raise_for_status()

        def stored(text: str) -> bool:
            files = [f for f in (db, Path(f"{db}-wal")) if f.exists()]
            return any(text.encode() in f.read_bytes() for f in files)

        results = {n: play_all(s.url, _personas(n), prefix, stored) for n, prefix in sets.items()}
    out = TESTS.parent / "var" / f"personas-summary-{'-'.join(sets)}.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("".join(f"{n}: {summary(p)}\n" for n, p in results.items()))
    return results


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backends]:
    with Backends(tmp_path_factory.mktemp("personas-backends")) as b:
        yield b


@pytest.fixture(scope="module")
def played(
    tmp_path_factory: pytest.TempPathFactory, backends: Backends
) -> Callable[[str], list[Played]]:
    groups: dict[str, dict[str, list[Played]]] = {}

    def of(name: str) -> list[Played]:
        group = SETS[name][0]
        if group not in groups:
            sets = {n: prefix for n, (g, prefix) in SETS.items() if g == group and n in PLAYED}
            tmp = tmp_path_factory.mktemp(f"personas-{group}")
            first_id = BORROWERS_PER_GROUP * len(groups) + 1
            groups[group] = _play_group(tmp, backends, sets, first_id)
        return groups[group][name]

    return of


@pytest.mark.parametrize("name", PLAYED)
def test_conversations_end_with_the_right_facts_and_state(played, name: str) -> None:
    exact = sum(not p.misses for p in played(name))
    misses = {p.id: p.misses for p in played(name) if p.misses}
    assert exact >= EXACT_AT_LEAST[name], f"{exact}/{len(played(name))} exact; {misses}"


@pytest.mark.parametrize("name", PLAYED)
def test_no_question_three_times_and_a_short_median(played, name: str) -> None:
    assert not [p.id for p in played(name) if p.loops]
    assert statistics.median(len(p.sent) for p in played(name)) <= MEDIAN_AT_MOST[name]
