"""Write the small list files the importer tests read, in each list's official layout.

Every name, address and number here is invented. Run from the repository root to regenerate:

    .venv/bin/python tests/samples/make_samples.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

METI_HEADER = [
    "No.",
    "国名、地域名\nCountry or Region",
    "企業名､組織名\nCompany or Organization",
    "別名\nAlso Known As",
    "懸念区分\nType of WMD",
    "通常兵器\nConventional Weapons",
]

# (country, name, aliases, type of WMD, conventional weapons), with the quirks of the real file.
METI_ROWS: list[tuple[str, str, str | None, str | None, str | None]] = [
    (
        "アラブ首長国連邦\nUnited Arab Emirates",
        "Falcon Ridge General Trading LLC",
        "・Falcon Ridge Trading LLC",
        "ミサイル\nM",
        None,
    ),
    (
        "イラン\nIslamic Republic of Iran",
        "Zagros Precision Industries (ZPI)",
        "・Zagros Precision Co.\n・ZAGROS PRECISION INDUSTRIES GROUP ",
        "生物、化学、ミサイル、核\nB,C,M,N",
        "通常兵器\nCW",
    ),
    (
        "北朝鮮\nNorth Korea",
        "Morning Star Export Corporation\n(朝鮮暁星輸出会社)",
        "・Saebyol Export Corp.\n(暁星輸出会社)\n・Morning Star Trading",
        "ミサイル、核\nM、N",
        None,
    ),
    (
        "中国\nPeople's Republic of China",
        "Harbour Lantern Trading Co., Ltd.（港灯貿易有限公司）",
        "・港灯贸易有限公司",
        "核\nＮ",
        None,
    ),
    (
        "パキスタン\nIslamic Republic of Pakistan",
        "Indus Valve Works (Pvt) Ltd.",
        None,
        "ミサイルM",
        None,
    ),
    (
        "ロシア\nRussian Federation",
        "JSC Northern Anvil Design Bureau",
        "・AO Severnaya Nakovalnya\n・АО Северная Наковальня\n"
        "・Northern Anvil Joint Stock Company for Design\nand Engineering",
        None,
        "通常兵器\nCW",
    ),
    (
        "香港\nHong Kong",
        "Bright Harbour Electronics Limited ",
        "・Bright Harbour Electronics Ltd",
        "核\nN ",
        None,
    ),
    ("台湾\nTaiwan", "Jade Summit Technology Co.", None, "化学\nC", None),
    ("北朝鮮\nNorth Korea", "ハヌル技術交流社", None, "生物、化学、ミサイル、核 B,C,M,N", None),
    (
        "シリア\nSyrian Arab Republic",
        "Levant Calibration Centre\u3000(LCC)",
        "・Centre de calibrage du Levant (CCL)",
        "化学、ミサイル\nC,M",
        None,
    ),
]


def write_meti_xlsx(
    path: Path,
    rows: list[tuple[str, str, str | None, str | None, str | None]],
    header: list[str] | None = None,
) -> None:
    """An End User List workbook: sheet 「ユーザーリスト」, No. as the formula =ROW()-1.

    openpyxl stores formulas without a cached value, which is what a workbook saved by a program
    that does not calculate looks like: the importer has to derive No. from the row.
    """
    header = header or METI_HEADER
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "ユーザーリスト"
    sheet.append(header)
    for number, row in enumerate(rows, start=2):
        values: list[object] = ["=ROW()-1", *row]
        if len(header) < len(values):
            # A header without some columns: drop the same columns from the rows.
            kept = [index for index, heading in enumerate(METI_HEADER) if heading in header]
            values = [values[index] for index in kept]
        sheet.append(values)
        sheet.cell(row=number, column=1).value = "=ROW()-1"
    workbook.save(path)


def meti_csv_text(rows: list[tuple[str, str, str | None, str | None, str | None]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(METI_HEADER)
    for number, row in enumerate(rows, start=1):
        writer.writerow([number, *[value or "" for value in row]])
    return buffer.getvalue()


def write_meti_samples() -> None:
    write_meti_xlsx(HERE / "meti-eul-sample.xlsx", METI_ROWS)
    # Excel's "CSV UTF-8" adds a byte-order mark.
    (HERE / "meti-eul-sample.csv").write_bytes(
        b"\xef\xbb\xbf" + meti_csv_text(METI_ROWS).encode("utf-8")
    )
    write_meti_xlsx(
        HERE / "meti-eul-missing-column.xlsx",
        METI_ROWS[:3],
        header=[heading for heading in METI_HEADER if not heading.startswith("別名")],
    )
    bad_rows = [
        METI_ROWS[0],
        ("イラン\nIslamic Republic of Iran", "  ", "・Nameless Alias", "核\nN", None),
        ("イラン\nIslamic Republic of Iran", "Karun Fluid Systems", None, "ミサイル\nM,X", None),
        METI_ROWS[0],
    ]
    write_meti_xlsx(HERE / "meti-eul-bad-rows.xlsx", bad_rows)
    (HERE / "not-a-spreadsheet.xlsx").write_text(
        "This is a note about the End User List, not the list itself.\n", encoding="utf-8"
    )
    (HERE / "meti-eul-notice.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


UN_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-15T00:00:00.000Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>900001</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>KARIM</FIRST_NAME>
      <SECOND_NAME>ADNAN</SECOND_NAME>
      <THIRD_NAME>SALEH</THIRD_NAME>
      <FOURTH_NAME>AL-NOURI</FOURTH_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER>
      <LISTED_ON>2020-05-04</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>كريم عدنان صالح النوري</NAME_ORIGINAL_SCRIPT>
      <NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Karim al-Nuri; Kareem al-Noori</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Saleh</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>KARIM ADNAN SALEH AL-NOURI</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><CITY>Qom</CITY><COUNTRY>Iran (Islamic Republic of)</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1971-03-02</DATE></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>900002</DATAID>
      <FIRST_NAME>PAVEL</FIRST_NAME>
      <SECOND_NAME>ILYICH</SECOND_NAME>
      <THIRD_NAME>ZORIN</THIRD_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.902</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>Павел Ильич Зорин</NAME_ORIGINAL_SCRIPT>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><COUNTRY>Syrian Arab Republic</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1980</FROM_YEAR><TO_YEAR>1982</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>900101</DATAID>
      <FIRST_NAME>KORYO SILVER RIVER TRADING CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Unha Trading</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>"KSRTC"</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>جبهة النهر الفضي (Silver River Front; Silver River Network)</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><STREET>Potonggang District</STREET><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


def write_un_sample() -> None:
    (HERE / "un-sample.xml").write_text(UN_XML, encoding="utf-8")


# OFAC's legacy CSV: no header, "-0- " for empty, cp1252, a Ctrl-Z at the end.
OFAC_SDN = (
    '9001,"MÜLLER, José Andrés","individual","SDGT] [IRGC","Director of Imaginary Logistics",'
    '-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Jan 1970; nationality Germany."\r\n'
    '9002,"NORTHERN CEDAR SHIPPING CO., LTD.",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    "-0- \r\n"
    '9003,"SEA HARRIER","vessel","IRAN",-0- ,"9HXX1","Bulk Carrier","41000","23000","Malta",'
    '"Northern Cedar Shipping Co., Ltd.",-0- \r\n'
    '9004,"BLUE LOTUS IMPORT EXPORT",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
)
OFAC_ALT = (
    '9001,501,"aka","MUELLER, Jose",-0- \r\n'
    '9001,502,"aka","MÜLLER, José Andrés",-0- \r\n'
    '9002,503,"fka","CEDAR NORTH MARINE",-0- \r\n'
    '9002,504,"aka","NCS CO.",-0- \r\n'
    '9004,505,"aka","東方蓮花進出口",-0- \r\n'
)
OFAC_ADD = (
    '9001,701,"Hauptstrasse 1","Hamburg","Germany",-0- \r\n'
    '9002,702,"Pier 9","Bandar Abbas","Iran",-0- \r\n'
    '9002,703,-0- ,"Dubai","United Arab Emirates",-0- \r\n'
    '9004,704,-0- ,"Pyongyang","Korea, North",-0- \r\n'
)


def write_ofac_sample() -> None:
    folder = HERE / "ofac-sdn-sample"
    folder.mkdir(exist_ok=True)
    (folder / "sdn.csv").write_bytes(OFAC_SDN.encode("cp1252") + b"\x1a")
    # OFAC's own alt.csv would never hold CJK; cp1252 cannot, so this file is UTF-8.
    (folder / "alt.csv").write_bytes(OFAC_ALT.encode("utf-8") + b"\x1a")
    (folder / "add.csv").write_bytes(OFAC_ADD.encode("cp1252") + b"\x1a")


CSL_HEADER = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
]
_SDN = "Specially Designated Nationals (SDN) - Treasury Department"
_SSI = "Sectoral Sanctions Identifications List (SSI) - Treasury Department"
_EL = "Entity List (EL) - Bureau of Industry and Security"
_DPL = "Denied Persons List (DPL) - Bureau of Industry and Security"
CSL_ROWS = [
    ["77001", _SDN, "77001", "Individual", "SYRIA", "'AZIZ, Rami", "", "SY", "", "", "1975", ""],
    [
        "77002",
        _SDN,
        "77002",
        "Entity",
        "RUSSIA-EO14024",
        "VOLGA CREST BANK",
        "",
        "Ulitsa Lesnaya 5, Moscow, 101000, RU",
        "VOLGA CREST JSC; BANK VOLZHSKY GREBEN",
        "",
        "",
        "",
    ],
    [
        "77002",
        _SSI,
        "77002",
        "Entity",
        "UKRAINE-EO13662",
        "VOLGA CREST BANK",
        "",
        "Ulitsa Lesnaya 5, Moscow, 101000, RU",
        "VOLGA CREST JSC",
        "",
        "",
        "",
    ],
    [
        "a1b2c3",
        _EL,
        "",
        "",
        "",
        "Silverline Microsystems",
        "",
        "Room 5, 8 Harbour Road, Wan Chai, HK",
        "Silverline Micro Ltd.; and Silverline Semiconductors",
        "",
        "",
        "",
    ],
    [
        "d4e5f6",
        _DPL,
        "",
        "",
        "",
        "JOHN Q. EXAMPLE",
        "",
        "120 Sample Street, Springfield, CA, 90210",
        "",
        "",
        "",
        "",
    ],
    ["77003", _SDN, "77003", "Vessel", "IRAN", "OCEAN TEAL", "", "", "", "", "", ""],
    [
        "77004",
        _SDN,
        "77004",
        "Individual",
        "DPRK3",
        "KIM, Chol Su",
        "",
        "",
        "KIM, Cholsu",
        "",
        "",
        "KP",
    ],
]


def write_csl_sample() -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSL_HEADER)
    writer.writerows(CSL_ROWS)
    (HERE / "us-csl-sample.csv").write_text(buffer.getvalue(), encoding="utf-8")


MOF_INDEX = [
    [None, None],
    ["\u3000このファイルは、資産凍結等の措置の情報をExcel形式にしたもの（見本）です。", None],
    [None, None],
    [1, "架空国の前政権関係者等（個人）"],
    [2, "【解除】架空国の和平阻害者等"],
    [3, "テロリスト等（架空の個人及び団体）"],
    [4, "資産凍結等の措置の対象となる架空国の団体及び個人（団体）"],
]


def _mof_sheets() -> dict[str, list[list[object]]]:
    people: list[list[object]] = [
        ["架空国の前政権関係者等（個人）"],
        [
            "告示日付",
            "告示番号",
            "日本語表記",
            "英語表記",
            "別名",
            "確定に十分でない別名",
            "生年月日",
            "国籍",
            "住所",
            "その他の情報",
        ],
        [
            "2020.1.10\n2022.3.1改訂",
            "1",
            "アリ・ハッサン・カリミ",
            "ALI HASSAN KARIMI\n(original script: علي حسن كريمي)",
            "(a)アリ・カリミ(b)ハッサン・カリーミ\n(a.k.a.: (a)Ali Karimi (b)Hassan Karimi)",
            "アブー・アリ（Abu Ali）",
            "1968年",
            "イラン\nIran",
            "テヘラン（イラン）",
            "元国防省高官。",
        ],
        ["2021.6.1削除", "2", None, None, None, None, None, None, None, None],
        [
            "2020.1.10",
            "3",
            "ミナ・ソラヤ",
            "Mina SORAYA",
            "不明",
            "不明",
            "1975-06-01",
            "不明",
            "不明",
            "資金を提供した。",
        ],
        [
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "2019年には、別の団体にも資金を提供したと報告されている。",
        ],
        [
            "2023.2.1",
            "4",
            "ダリウス・ファルハディ",
            None,
            "ダリウス・F（Darius F.）",
            None,
            None,
            "イラン人",
            None,
            None,
        ],
    ]
    groups: list[list[object]] = [
        ["テロリスト等"],
        [None, None, "（注）見本です。"],
        [
            "告示日付",
            "告示番号",
            "日本語表記",
            "英語表記",
            "別名・別称",
            "旧称",
            "国連参照番号",
            "住所・所在地",
            "その他の情報",
        ],
        [
            "2015.3.3",
            "1(*12)",
            "サウス・ドーン戦線",
            "SOUTH DAWN FRONT (SDF)",
            "サザン・ドーン、ドーン・ブリゲード\n（Southern Dawn, Dawn Brigade）",
            "不明",
            "QDe.990",
            "(a)Karachi, Pakistan(リスト掲載時点) (b)Kabul, Afghanistan",
            None,
        ],
        ["2016.4.4", "2", "ユースフ・ナーデル", "YUSUF NADER", None, None, "QDi.991", None, None],
    ]
    companies: list[list[object]] = [
        ["資産凍結等の措置の対象となる架空国の団体及び個人（団体）\n"],
        ["告示日付", "告示番号", "日本語表記", "英語表記", "別称・旧称", "所在地"],
        [
            "2022.3.8",
            "1",
            "株式会社北方鉄床設計局",
            "JSC Northern Anvil Design Bureau",
            "（別称、北方鉄床、株式会社NADB）\n(a.k.a. Northern Anvil; a.k.a. JSC NADB)",
            "12 Kuznechnaya Str., Tula, 300001, Russia",
        ],
        [
            "2022.3.8",
            "2",
            "コリア・ウンハ・トレーディング",
            "KOREA UNHA TRADING",
            "ウンハ・トレーディング；ウンハ貿易\nUnha Trading; Unha Boeki",
            "北朝鮮平壌特別市普通江区域",
        ],
    ]
    return {
        "1.架空国前政権関係者（個人）": people,
        "2.【解除】架空国": [["架空国の和平阻害者等"], ["【2018年1月1日告示廃止】"]],
        "3.テロリスト等 ": groups,
        "4.架空国(団体)": companies,
    }


def write_mof_sample() -> None:
    workbook = Workbook()
    index = workbook.active
    assert index is not None
    index.title = "一覧"
    for row in MOF_INDEX:
        index.append(row)
    for title, rows in _mof_sheets().items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(HERE / "mof-sample.xlsx")


def main() -> None:
    write_meti_samples()
    write_un_sample()
    write_ofac_sample()
    write_csl_sample()
    write_mof_sample()


if __name__ == "__main__":
    main()
