"""Role matrix of partners: the catalogue is public; a partner manages its own company and
products and reads its own ESG report (partner B must not reach partner A's); the city manages
all partners."""

from healthycity.jobs.models import Job
from healthycity.partners.models import Product
from tests.feedback.factories import ProductFactory
from tests.role_matrix import HIDDEN, LOGIN, entry, everyone, only


def populate(world):
    world.product_a = ProductFactory(partner=world.partner_a_org, slug="inbody-270")
    world.product_b = ProductFactory(partner=world.partner_b_org, slug="yuhan-vitamin")


def PA(w):
    return f"/partners/products/{w.product_a.external_id}/"


CA = "/partners/companies/inbody/"
CITY = only("official", "admin")
COMPANY_A = only("partner_a", "official", "admin")  # partner A's own pages, and the city
NEW_PRODUCT = {
    "company": "inbody",
    "slug": "matrix-scale",
    "name_ko": "체성분 저울",
    "name_en": "Body scale",
    "category": "measuring_device",
}

ENTRIES = [
    entry("partners:catalogue", "/partners/", GET=everyone()),
    entry("partners:product", PA, GET=everyone()),
    entry("partners:product_edit", lambda w: PA(w) + "edit/", GET=COMPANY_A, POST=COMPANY_A),
    entry("partners:mine", "/partners/mine/", GET=only("partner_a", "partner_b")),
    entry("partners:list", "/partners/companies/", GET=CITY, POST=CITY),
    entry("partners:partner", CA, GET=COMPANY_A),
    entry("partners:add_staff", CA + "staff/add/", GET=CITY, POST=CITY),
    entry("partners:product_new", CA + "products/new/", GET=COMPANY_A, POST=COMPANY_A),
    entry("partners:report", CA + "report/", GET=COMPANY_A),
    entry(
        "partners:report_pdf",
        CA + "report.pdf?period=2026",
        POST=COMPANY_A,
        wrote=lambda w: Job.objects.filter(kind="partners.esg_pdf", state="done").exists(),
    ),
    entry("partners:report_csv", CA + "report.csv", GET=COMPANY_A),
    entry(
        "product-list",
        "/api/v1/products/",
        GET=everyone(anonymous=LOGIN),
        POST=COMPANY_A,
        json=True,
        data=NEW_PRODUCT,
        wrote=lambda w: Product.objects.filter(slug="matrix-scale").exists(),
    ),
    entry(
        "product-detail",
        lambda w: f"/api/v1/products/{w.product_a.external_id}/",
        GET=everyone(anonymous=LOGIN),
        PUT=COMPANY_A,
        PATCH=COMPANY_A,
        json=True,
        data={**NEW_PRODUCT, "slug": "inbody-270", "name_en": "Renamed"},
        wrote=lambda w: Product.objects.get(pk=w.product_a.pk).name_en == "Renamed",
    ),
    entry("company-list", "/api/v1/companies/", GET=everyone(anonymous=LOGIN)),
    entry(
        "company-detail",
        "/api/v1/companies/inbody/",
        GET=only("partner_a", "official", "admin", others=HIDDEN),
    ),
    entry(
        "company-report",
        "/api/v1/companies/inbody/report/?period=2026",
        GET=only("partner_a", "official", "admin", others=HIDDEN),
    ),
]
