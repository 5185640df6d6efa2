"""The categories of the agency website, as data.

- FAQ (seed H06): "9 categories", of which the seed names 8. The 9th, 港澳居民入出境 (Hong Kong
  and Macao residents), is our choice: the seed says HK/Macao entry FAQs were added for the
  online permit (A01), and none of the 8 named categories covers them.
- Children's FAQ (seed H12): "12 categories", none named in the seed; these 12 are ours,
  written for children.
- Regulations (seed H05): "6 major categories" by nature, unnamed except the example
  「壹、入出國及移民法篇」; the other 5 are ours.
- Application guides (seed H07, L1321): the 9 categories the seed names.

Names are kept per language; Traditional Chinese and English are given here, other languages
fall back to Chinese until an administrator adds them.
"""

from django.db import migrations

FAQ = [
    ("immigration-act", "入出國及移民法", "Immigration Act"),
    ("entry-exit-military", "入出境與役政", "Entry, exit and military service"),
    ("mainland", "大陸地區人民入出境", "Entry and exit of people from mainland China"),
    ("hk-macao", "港澳居民入出境", "Entry and exit of Hong Kong and Macao residents"),
    ("foreigners", "外籍人士入出國", "Entry and exit of foreign nationals"),
    ("spouse-care", "外籍配偶照顧輔導", "Care and counselling for foreign spouses"),
    ("marriage-matchmaking", "跨國境婚姻媒合", "Cross-border marriage matchmaking"),
    ("discrimination", "居住臺灣地區人民受歧視申訴", "Discrimination complaints by residents of Taiwan"),
    ("other", "其他", "Other"),
]

CHILDREN_FAQ = [
    ("kids-agency", "移民署是做什麼的？", "What does the immigration agency do?"),
    ("kids-officers", "移民官的工作", "What immigration officers do"),
    ("kids-travel", "出國旅行", "Travelling abroad"),
    ("kids-passport", "護照與證件", "Passports and papers"),
    ("kids-airport", "機場與通關", "At the airport"),
    ("kids-new-families", "新住民家庭", "New immigrant families"),
    ("kids-classmates", "來自各國的同學", "Classmates from other countries"),
    ("kids-languages", "語言與文化", "Languages and cultures"),
    ("kids-safety", "保護自己", "Keeping yourself safe"),
    ("kids-rights", "兒童權利與求助", "Children's rights and getting help"),
    ("kids-migrants-day", "國際移民日", "International Migrants Day"),
    ("kids-other", "其他問題", "Other questions"),
]

REGULATIONS = [
    ("immigration-act", "入出國及移民法篇", "Immigration Act"),
    ("cross-strait", "兩岸關係篇", "Cross-strait relations"),
    ("hk-macao", "港澳關係篇", "Hong Kong and Macao"),
    ("foreigners", "外國人停留居留篇", "Stay and residence of foreign nationals"),
    ("immigrant-care", "移民輔導及防制人口販運篇", "Immigrant assistance and anti-trafficking"),
    ("organisation", "組織及其他篇", "Organisation and other"),
]

GUIDES = [
    ("taiwan-nationals", "臺灣地區人民入出國", "Nationals with household registration"),
    ("nationals-without-registration", "在臺灣地區無戶籍國民入出國", "Nationals without household registration in Taiwan"),
    ("hk-macao", "香港澳門居民入出境", "Hong Kong and Macao residents"),
    ("mainland", "大陸地區人民入出境", "People from mainland China"),
    ("mainland-residence", "大陸地區人民在臺灣地區居留定居", "Residence and settlement of people from mainland China"),
    ("mini-three-links", "金馬小三通送件須知", "Kinmen–Matsu Mini Three Links"),
    ("entry-exit-certificate", "入出國日期證明", "Certificate of entry and exit dates"),
    ("foreigners", "外籍人士入出國", "Foreign nationals"),
    ("other", "其他服務", "Other services"),
]

SETS = [
    ("faq", "general", FAQ),
    ("faq", "children", CHILDREN_FAQ),
    ("regulation", "general", REGULATIONS),
    ("guide", "general", GUIDES),
]


def seed(apps, schema_editor):
    Category = apps.get_model("content", "Category")
    for scheme, audience, rows in SETS:
        for position, (code, zh, en) in enumerate(rows, start=1):
            Category.objects.update_or_create(
                scheme=scheme,
                code=code,
                defaults={"audience": audience, "position": position, "names": {"zh-hant": zh, "en": en}},
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("content", "Category")
    for scheme, _audience, rows in SETS:
        Category.objects.filter(scheme=scheme, code__in=[code for code, _zh, _en in rows], items__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_items_translations_revisions_reads"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
