"""The demo content of `manage.py content_demo`: realistic pages of the agency website in
Traditional Chinese, some with an English version (the others show the fall-back notice).

The regulations here are abbreviated illustrations written for the demo, not the official
texts; each says so in its note."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Version:
    title: str
    body: str = ""
    summary: str = ""
    articles: str = ""
    amendments: str = ""


@dataclass(frozen=True)
class DemoItem:
    slug: str
    kind: str
    zh: Version
    en: Version | None = None
    category: str = ""  # a category code of the kind's scheme
    reg_kind: str = ""
    promulgated_on: dt.date | None = None
    amended_on: dt.date | None = None
    position: int = 0
    files: tuple[str, ...] = field(default=())  # "document", "sample"
    pdf: str = ""  # which demo PDF: "residence-form", "annual-report", "disclosure"


REGULATION_NOTE_ZH = (
    "【示範資料】本頁條文為系統展示用之節錄改寫，並非官方公布之條文，不具法律效力。"
    "正式條文請查閱[全國法規資料庫](https://law.moj.gov.tw/)。"
)
REGULATION_NOTE_EN = (
    "[Demo data] The articles on this page are abbreviated illustrations written to demonstrate the system. They are not the "
    "official text and have no legal effect. For the official text see the "
    "[Laws & Regulations Database](https://law.moj.gov.tw/ENG/)."
)

NEWS: tuple[DemoItem, ...] = (
    DemoItem(
        slug="hk-macao-online-entry-permit",
        kind="news",
        zh=Version(
            title="港澳居民網路申請入臺證服務上線",
            summary="符合資格的香港、澳門居民可在網路上申請臨時入境停留許可，核准後自行列印許可同意書，免收費用。",
            body=(
                "為便利香港及澳門居民來臺，本署提供「港澳居民網路申請入臺證」服務。符合資格者於網路填寫申請資料，"
                "經系統自動檢核通過後即可核准，並自行列印許可同意書。\n\n"
                "## 服務重點\n"
                "- 許可效期為核准後 3 個月，可單次入出境\n"
                "- 每次入境可停留 30 日，不得延期\n"
                "- 免收規費\n\n"
                "不符合網路申請資格，或需停留超過 30 日者，請改向本署服務站或駐外單位提出申請。"
                "[立即線上申請](/services/hk-macao-entry-permit/apply/)"
            ),
        ),
        en=Version(
            title="Online entry permits for Hong Kong and Macao residents",
            summary=(
                "Eligible Hong Kong and Macao residents can apply online for a temporary entry permit, "
                "print the approval themselves and pay no fee."
            ),
            body=(
                "Hong Kong and Macao residents who meet the conditions can apply for a temporary entry permit online. When the "
                "automatic checks pass, the permit is approved at once and the applicant prints the approval.\n\n"
                "## At a glance\n"
                "- The permit is valid for 3 months from approval, for a single entry\n"
                "- Each stay may last 30 days and cannot be extended\n"
                "- There is no fee\n\n"
                "If you do not meet the conditions, or need to stay longer than 30 days, apply at a service station or an "
                "overseas office instead. [Apply online now](/services/hk-macao-entry-permit/apply/)"
            ),
        ),
    ),
    DemoItem(
        slug="online-appointments-at-service-stations",
        kind="announcement",
        zh=Version(
            title="各縣市服務站開放網路預約臨櫃申辦",
            summary="即日起可於網路預約各服務站的臨櫃申辦時段，減少現場等候時間。",
            body=(
                "為縮短民眾臨櫃等候時間，本署各縣市服務站即日起開放網路預約服務。民眾可選擇服務站、申辦項目及時段，"
                "預約成功後將以電子郵件寄送預約確認。\n\n"
                "請於預約時段前 10 分鐘抵達服務站報到，並攜帶申請所需文件。如無法前往，請於前一日取消預約，讓其他民眾使用。\n\n"
                "未預約的民眾仍可現場抽號辦理。"
            ),
        ),
        en=Version(
            title="Book an appointment at a service station online",
            summary="You can now book a time at any service station online and wait less at the counter.",
            body=(
                "To cut waiting times at the counters, every service station now takes online bookings. Choose the station, "
                "the service and a time; we confirm the booking by e-mail.\n\n"
                "Please arrive 10 minutes before your time with the documents the application needs. If you cannot come, "
                "cancel by the day before so that someone else can use the time.\n\n"
                "You can still take a number at the station without an appointment."
            ),
        ),
    ),
    DemoItem(
        slug="residence-expiry-reminders",
        kind="announcement",
        zh=Version(
            title="外來人口居留證件屆期前關懷通知",
            summary="本署於居留證件屆期前主動提醒持證人辦理延期，避免逾期居留。",
            body=(
                "為避免外來人口因疏忽而逾期居留，本署於居留證件屆期前 15 日寄發提醒通知；"
                "屆期前 1 週仍未申請者，將以電話再次提醒。\n\n"
                "居留證延期應於居留期限屆滿前 30 日內提出申請，可向居住地服務站臨櫃辦理。"
                "逾期居留將依法處以罰鍰，請持證人留意證件效期。"
            ),
        ),
    ),
    DemoItem(
        slug="online-address-change-for-residence-documents",
        kind="news",
        zh=Version(
            title="居停留證件變更地址可網路申辦",
            summary="持有居留或停留證件的外來人口搬家後，可在網路上申請變更證件地址。",
            body=(
                "持有外僑居留證、臺灣地區居留證等證件者，住址變更後可透過網路申辦變更地址，上傳新住址證明文件即可，"
                "不必親自到服務站。\n\n"
                "案件由住居地服務站審查；文件不齊全時，本署將以一次告知單通知補正。"
            ),
        ),
    ),
    DemoItem(
        slug="e-gate-registration",
        kind="press_release",
        zh=Version(
            title="自動查驗通關系統擴大服務 旅客通關更便捷",
            summary="年滿一定年齡的國人及持有居留證的外來人口，可於機場註冊使用自動查驗通關（e-Gate）。",
            body=(
                "本署持續推廣自動查驗通關系統（e-Gate），旅客完成一次註冊後，入出國時即可透過臉部及指紋辨識自行通關，"
                "每人通關時間約 12 秒。\n\n"
                "註冊可於機場、港口的註冊櫃檯或各服務站辦理，免收費用。"
            ),
        ),
    ),
    DemoItem(
        slug="recruitment-interpreters",
        kind="recruitment",
        zh=Version(
            title="徵求通譯人員",
            summary="本署徵求東南亞語言通譯人員，協助面談、查察及臨櫃服務。",
            body=(
                "本署為提供新住民及外來人口更好的服務，徵求通譯人員，語言包括越南語、印尼語、泰語、柬埔寨語及緬甸語。\n\n"
                "## 資格\n"
                "- 具備中文及前述語言之聽說讀寫能力\n"
                "- 願意參加本署辦理之通譯培訓課程\n\n"
                "報名方式及服務內容請洽各縣市服務站。"
            ),
        ),
    ),
)

FAQ: tuple[DemoItem, ...] = (
    DemoItem(
        slug="residence-certificate-extension",
        kind="faq",
        category="foreigners",
        position=1,
        zh=Version(
            title="外籍人士居留證如何申請延期？",
            body=(
                "外僑居留證的效期自核准的翌日起算，最長 3 年。居留原因繼續存在而需要繼續居留者，"
                "應於居留期限屆滿前 30 日內，向居住地的服務站申請延期。\n\n"
                "## 應備文件\n"
                "- 申請書（可於「申請須知及表格」下載，並附填寫範例）\n"
                "- 護照及居留證正本\n"
                "- 最近 2 年內的彩色照片 1 張\n"
                "- 居留原因的證明文件（例如工作許可、在學證明或婚姻證明）\n\n"
                "本署會在居留期限屆滿前 15 日寄發提醒通知。請勿等到最後一天才辦理；逾期居留將依法處以罰鍰。"
            ),
        ),
        en=Version(
            title="How do I extend my Alien Resident Certificate?",
            body=(
                "An Alien Resident Certificate is valid from the day after approval, for at most 3 years. If the reason for "
                "your residence continues, apply to the service station where you live within the 30 days before your "
                "residence expires.\n\n"
                "## What to bring\n"
                "- The application form (download it with a filled-in sample from the application guides)\n"
                "- Your passport and Resident Certificate\n"
                "- 1 colour photo taken within the last 2 years\n"
                "- Proof of the reason for your residence (for example a work permit, a certificate of enrolment or a "
                "marriage certificate)\n\n"
                "We send a reminder 15 days before your residence expires. Do not wait until the last day: overstaying is "
                "fined."
            ),
        ),
    ),
    DemoItem(
        slug="visitor-stay-extension",
        kind="faq",
        category="foreigners",
        position=2,
        zh=Version(
            title="持停留簽證入境的外國人，停留期限可以延期嗎？",
            body=(
                "持停留簽證入境且簽證未註記「不得延期」者，可於停留期限屆滿前 15 日內，向服務站申請延期停留。\n\n"
                "每次延期不得超過原簽證的停留期限，且自入境翌日起合計不得超過 6 個月。"
                "因懷孕 7 個月以上、生產、疾病、天災等特殊事故者，得專案申請延長。規費新臺幣 300 元。"
            ),
        ),
    ),
    DemoItem(
        slug="overstay-penalty",
        kind="faq",
        category="immigration-act",
        position=1,
        zh=Version(
            title="居留期限屆滿後才申請延期，會有什麼後果？",
            body=(
                "居留期限屆滿仍未出國或未獲准延期，即屬逾期居留，將依入出國及移民法處以罰鍰，情節重大者並可能被強制出國。\n\n"
                "請於居留期限屆滿前 30 日內申請延期。如因特殊原因無法如期辦理，請儘早聯絡居住地服務站說明。"
            ),
        ),
    ),
    DemoItem(
        slug="hk-macao-permit-validity",
        kind="faq",
        category="hk-macao",
        position=1,
        zh=Version(
            title="港澳居民網路申請的入臺證，效期多久？可以停留幾天？",
            body=(
                "網路申請的臨時入境停留許可，效期為核准後 3 個月，可單次入出境；每次入境可停留 30 日，不得申請延期。\n\n"
                "需要停留超過 30 日者，請改以一般方式申請入出境許可。"
            ),
        ),
    ),
    DemoItem(
        slug="conscript-exit-approval",
        kind="faq",
        category="entry-exit-military",
        position=1,
        zh=Version(
            title="在學緩徵的役男出國，需要事先申請核准嗎？",
            body=(
                "需要。役齡男子出國應先經核准。國內在學緩徵的役男，可在網路上申請出國核准，"
                "經學校及兵役機關資料檢核後，核准結果會以電子郵件通知。\n\n"
                "出國期間及次數依相關規定辦理，逾期未返國者將影響日後出國的申請。"
            ),
        ),
    ),
    DemoItem(
        slug="application-status-lookup",
        kind="faq",
        category="other",
        position=1,
        zh=Version(
            title="如何查詢申請案件的辦理進度？",
            body=(
                "請至[申請案件查詢](/status/)，輸入收據上的收件編號，或身分證號（統一證號）及出生日期，"
                "即可查詢最近 3 個月內申請案件的辦理進度，不需註冊帳號。"
            ),
        ),
    ),
    DemoItem(
        slug="kids-own-passport",
        kind="faq",
        category="kids-passport",
        position=1,
        zh=Version(
            title="小朋友出國，也需要自己的護照嗎？",
            body=(
                "需要喔！不論年紀多小，每個人出國都要有自己的護照。護照就像是你在國外的身分證，"
                "出國和回來的時候，移民官都會看一看護照，確認你是誰。\n\n"
                "護照要好好保管，不要弄丟，也不要在上面亂畫喔。"
            ),
        ),
    ),
    DemoItem(
        slug="kids-what-we-do",
        kind="faq",
        category="kids-agency",
        position=1,
        zh=Version(
            title="移民署是做什麼的？",
            body=(
                "移民署的叔叔阿姨在機場和港口幫大家檢查護照，讓出國和回國的人都能安全通關；"
                "也在各縣市的服務站，幫助從其他國家來臺灣生活的新朋友辦理居留證件，讓他們在臺灣過得安心。"
            ),
        ),
    ),
)

IMMIGRATION_ACT_ARTICLES = """# 第一章 總則
## 第 1 條
為統籌入出國管理，確保國家安全、保障人權，並規範移民事務，落實移民輔導，特制定本法。

## 第 2 條
本法之主管機關為內政部。

# 第四章 外國人入出國
## 第 22 條
外國人持有效簽證或適用以免簽證方式入國之有效護照或旅行證件，經查驗許可入國後，取得停留、居留許可。
持居留簽證入國者，應於入國翌日起 30 日內，向主管機關申請外僑居留證。

## 第 31 條
外國人於居留期間內，居留原因消失者，主管機關得廢止其居留許可，並註銷其外僑居留證。

# 第十章 罰則
## 第 85 條
外國人逾期停留或逾期居留者，處新臺幣罰鍰。"""

IMMIGRATION_ACT_ARTICLES_EN = "\n".join(
    (
        "# Chapter 1 General provisions",
        "## Article 1",
        "This Act is made to coordinate the management of entry and exit, to safeguard national security and human rights, "
        "to regulate immigration affairs and to assist immigrants.",
        "",
        "## Article 2",
        "The competent authority of this Act is the Ministry of the Interior.",
        "",
        "# Chapter 4 Entry and exit of foreign nationals",
        "## Article 22",
        "A foreign national who enters with a valid visa, or with a valid passport or travel document under a visa exemption, "
        "and is admitted on inspection, holds a permit to stay or reside.",
        "A foreign national who enters with a resident visa shall apply for an Alien Resident Certificate within 30 days "
        "from the day after entry.",
        "",
        "## Article 31",
        "When the reason for a foreign national's residence ceases during its period, the competent authority may revoke "
        "the residence permit and cancel the Alien Resident Certificate.",
        "",
        "# Chapter 10 Penalties",
        "## Article 85",
        "A foreign national who overstays a permitted stay or residence shall be fined.",
    )
)

REGULATIONS: tuple[DemoItem, ...] = (
    DemoItem(
        slug="immigration-act",
        kind="regulation",
        category="immigration-act",
        reg_kind="law",
        promulgated_on=dt.date(1999, 5, 21),
        amended_on=dt.date(2011, 11, 23),
        position=1,
        zh=Version(
            title="入出國及移民法（示範節錄）",
            summary="規範國民、外國人、大陸地區人民及港澳居民入出國、停留、居留及移民輔導之基本法律。",
            body=REGULATION_NOTE_ZH,
            articles=IMMIGRATION_ACT_ARTICLES,
            amendments="1999-05-21 制定公布全文\n2007-12-26 修正公布全文\n2011-11-23 修正公布部分條文",
        ),
        en=Version(
            title="Immigration Act (demo excerpt)",
            summary=(
                "The law on the entry, exit, stay and residence of nationals, foreign nationals, people from mainland China "
                "and Hong Kong and Macao residents, and on assistance to immigrants."
            ),
            body=REGULATION_NOTE_EN,
            articles=IMMIGRATION_ACT_ARTICLES_EN,
            amendments="1999-05-21 Enacted and promulgated\n2007-12-26 Whole text amended\n2011-11-23 Some articles amended",
        ),
    ),
    DemoItem(
        slug="foreigners-stay-residence-regulations",
        kind="regulation",
        category="foreigners",
        reg_kind="regulation",
        promulgated_on=dt.date(2008, 8, 1),
        amended_on=dt.date(2011, 6, 29),
        position=1,
        zh=Version(
            title="外國人停留居留及永久居留辦法（示範節錄）",
            summary="外國人申請延期停留、居留及永久居留之程序與應備文件。",
            body=REGULATION_NOTE_ZH,
            articles=(
                "## 第 1 條\n本辦法依入出國及移民法規定訂定之。\n\n"
                "## 第 4 條\n外國人持停留期限在 60 日以上，且未加註限制不准延期之停留簽證入國者，"
                "得於停留期限屆滿前 15 日內，向服務站申請延期停留。\n"
                "前項延期停留期間，每次不得逾原簽證所許可之停留期限，自入國翌日起總停留期間不得逾 6 個月。\n\n"
                "## 第 12 條\n外國人申請居留延期，應於居留期限屆滿前 30 日內，檢具下列文件，向服務站申請：\n"
                "一、申請書。\n二、護照及外僑居留證。\n三、居留原因證明文件。"
            ),
            amendments="2008-08-01 訂定發布全文\n2011-06-29 修正發布部分條文",
        ),
    ),
    DemoItem(
        slug="fine-instalment-rules",
        kind="regulation",
        category="immigration-act",
        reg_kind="administrative_rule",
        promulgated_on=dt.date(2009, 3, 1),
        position=2,
        zh=Version(
            title="內政部受理申請分期繳納違反入出國及移民法相關法令罰鍰案件處理要點（示範節錄）",
            summary="受處分人經濟困難無法一次繳清罰鍰時，申請分期繳納的條件與程序。",
            body=REGULATION_NOTE_ZH,
            articles=(
                "## 第一點\n為處理受處分人申請分期繳納違反入出國及移民法相關法令之罰鍰案件，特訂定本要點。\n\n"
                "## 第二點\n受處分人因經濟上困難，無法一次完納罰鍰者，得於繳納期限屆滿前，檢具證明文件申請分期繳納。\n\n"
                "## 第三點\n分期繳納之期數不得逾 12 期。受處分人未依期繳納者，其餘未繳金額視為全部到期。"
            ),
            amendments="2009-03-01 訂定\n2011-09-15 修正第二點",
        ),
    ),
)

GUIDES: tuple[DemoItem, ...] = (
    DemoItem(
        slug="alien-resident-certificate-extension",
        kind="guide",
        category="foreigners",
        position=1,
        files=("document", "sample"),
        pdf="residence-form",
        zh=Version(
            title="外僑居留證延期申請須知",
            summary="居留期限屆滿前 30 日內申請；附申請書及填寫範例下載。",
            body=(
                "## 申請期間\n居留期限屆滿前 30 日內。\n\n"
                "## 受理地點\n居住地的各縣市服務站。\n\n"
                "## 應備文件\n"
                "- 外僑居留證延期申請書 1 份（請下載下方表格，並參考填寫範例）\n"
                "- 護照及外僑居留證正本\n"
                "- 最近 2 年內白底彩色照片 1 張\n"
                "- 居留原因證明文件\n\n"
                "## 處理時間\n文件齊全者約 10 個工作日。"
            ),
        ),
        en=Version(
            title="Extending an Alien Resident Certificate: what you need",
            summary="Apply within the 30 days before your residence expires; download the form and a filled-in sample.",
            body=(
                "## When to apply\nWithin the 30 days before your residence expires.\n\n"
                "## Where\nThe service station where you live.\n\n"
                "## What to bring\n"
                "- The extension application form (download it below; a filled-in sample shows how)\n"
                "- Your passport and Alien Resident Certificate\n"
                "- 1 colour photo on a white background, taken within the last 2 years\n"
                "- Proof of the reason for your residence\n\n"
                "## How long it takes\nAbout 10 working days when nothing is missing."
            ),
        ),
    ),
)

PUBLICATIONS: tuple[DemoItem, ...] = (
    DemoItem(
        slug="annual-report",
        kind="publication",
        files=("document",),
        pdf="annual-report",
        zh=Version(
            title="移民署年報",
            summary="本署年度業務成果、統計資料與重要紀事。",
            body="年報彙整本署年度入出國管理、移民輔導、防制人口販運及服務品質提升等業務成果，並附各項業務統計。",
        ),
    ),
    DemoItem(
        slug="immigration-white-paper",
        kind="publication",
        zh=Version(
            title="移民政策白皮書",
            summary="我國移民政策的目標、現況與未來規劃。",
            body="本白皮書說明我國移民政策的基本理念、人口移動趨勢、新住民照顧輔導與國境管理等政策方向。",
        ),
    ),
)

# The ten items of 政府資訊公開法 art. 7 (seed H01). The seed lists nine (A–I); the tenth,
# minutes of collegial bodies, does not apply to the agency, which is not one.
DISCLOSURE: tuple[DemoItem, ...] = tuple(
    DemoItem(slug=f"disclosure-{n:02d}", kind="disclosure", position=n, zh=Version(title=title, summary=summary, body=body))
    for n, (title, summary, body) in enumerate(
        (
            (
                "條約、對外關係文書、法律、命令及法規",
                "本署法規系統依法規性質分為 6 大分類，提供本署法規、行政規則、行政規定令釋及法規草案。",
                "本署法規系統依法規性質分為 6 大分類，詳列本署法規、行政規則、行政規定令釋及法規草案 4 類，並提供分類檢索及友善列印功能。"
                "\n\n[瀏覽法規](/regulations/)　[全國法規資料庫](https://law.moj.gov.tw/)",
            ),
            (
                "解釋性規定及裁量基準",
                "入出國及移民法第 18 條第 1 項第 13 款及第 15 款案件審查基準、罰鍰案件裁罰基準。",
                "本署於法規系統提供入出國及移民法第 18 條第 1 項第 13 款及第 15 款案件審查基準，"
                "以及入出國及移民法、臺灣地區與大陸地區人民關係條例罰鍰案件裁罰基準。",
            ),
            (
                "組織、職掌、地址、電話、傳真、網址及電子郵件信箱",
                "本署組織架構，以及各縣市服務站的地址、電話、傳真與電子郵件。",
                "本署組織架構及各單位職掌；各縣市服務站的地址、電話、傳真、網址及電子郵件信箱，並提供服務站位置地圖。"
                "\n\n[查詢服務站](/stations/)",
            ),
            (
                "行政指導有關文書",
                "如運輸業者載運旅客有效旅行文件參考指南、罰鍰分期繳納處理要點等。",
                "- 運輸業者載運旅客入境中華民國各類有效旅行文件參考指南\n"
                "- 大陸配偶父母來臺參加婚禮之四種申請方式\n"
                "- 大陸地區人民來臺觀光每日配額遞補缺件依序發證方案\n"
                "- 內政部受理申請分期繳納違反入出國及移民法相關法令罰鍰案件處理要點\n"
                "- 香港澳門居民申請臨時入境停留作業規定",
            ),
            (
                "施政計畫、業務統計及研究報告",
                "自 96 年起之施政計畫與績效報告、各月份業務及性別統計、委託研究報告。",
                "提供自 96 年起之施政計畫及施政績效報告、各月份業務統計及性別統計資料，以及本署委託之研究報告。",
            ),
            (
                "預算及決算書",
                "本署及外籍配偶照顧輔導基金之預算與決算。",
                "提供本署單位預算、外籍配偶照顧輔導基金預算，以及自 96 年起之決算資料（含前入出境管理局）。",
            ),
            (
                "請願之處理結果及訴願之決定",
                "訴願案件查詢，連結內政部及行政院訴願審議委員會。",
                "訴願案件之決定，請至內政部及行政院訴願審議委員會網站查詢。",
            ),
            (
                "書面之公共工程及採購契約",
                "自 96 年起之公共工程及採購契約，並連結政府電子採購網。",
                "提供自 96 年起之書面公共工程及採購契約。\n\n[政府電子採購網](https://web.pcc.gov.tw/)",
            ),
            (
                "支付或接受之補助",
                "外籍配偶照顧輔導基金、防制人口販運等補助經費執行情形。",
                "提供自 96 年起各項補助經費執行情形，包括外籍配偶照顧輔導基金及防制人口販運預算明細。",
            ),
            (
                "合議制機關之會議紀錄",
                "本署非合議制機關，無本項資料。",
                "依政府資訊公開法第 7 條第 1 項第 10 款，合議制機關應公開其會議紀錄。本署為首長制機關，非合議制機關，故無本項資料。",
            ),
        ),
        start=1,
    )
)

ALL: tuple[DemoItem, ...] = NEWS + FAQ + REGULATIONS + GUIDES + PUBLICATIONS + DISCLOSURE
