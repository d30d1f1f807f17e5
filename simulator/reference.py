"""Fixed reference data of the simulated business: places, names, catalogue wording, devices.

Everything here is plain data; the generators index into these tuples with integer codes so the
heavy lifting stays in numpy arrays.
"""

from __future__ import annotations

LOCALES: tuple[str, ...] = ("en", "es", "fr", "de", "pt")

# (country, locale index, share of contacts, mobile E.164 template, landline template,
#  ((IANA zone, share within the country), ...)). Templates end in four digits the simulator varies.
COUNTRIES: tuple[tuple[str, int, float, str, str, tuple[tuple[str, float], ...]], ...] = (
    (
        "US",
        0,
        0.28,
        "+12015550123",
        "+12125550123",
        (
            ("America/New_York", 0.45),
            ("America/Chicago", 0.30),
            ("America/Denver", 0.07),
            ("America/Los_Angeles", 0.18),
        ),
    ),
    ("GB", 0, 0.12, "+447400123456", "+441212345678", (("Europe/London", 1.0),)),
    (
        "CA",
        0,
        0.05,
        "+15062345678",
        "+15062345678",
        (("America/Toronto", 0.7), ("America/Vancouver", 0.3)),
    ),
    (
        "AU",
        0,
        0.04,
        "+61412345678",
        "+61212345678",
        (("Australia/Sydney", 0.75), ("Australia/Perth", 0.25)),
    ),
    ("IE", 0, 0.02, "+353850123456", "+35312345678", (("Europe/Dublin", 1.0),)),
    ("ES", 1, 0.08, "+34612345678", "+34810123456", (("Europe/Madrid", 1.0),)),
    ("MX", 1, 0.07, "+522221234567", "+522001234567", (("America/Mexico_City", 1.0),)),
    ("CO", 1, 0.03, "+573211234567", "+576012345678", (("America/Bogota", 1.0),)),
    ("AR", 1, 0.03, "+5491123456789", "+541123456789", (("America/Argentina/Buenos_Aires", 1.0),)),
    ("FR", 2, 0.08, "+33612345678", "+33123456789", (("Europe/Paris", 1.0),)),
    ("DE", 3, 0.07, "+4915123456789", "+4930123456", (("Europe/Berlin", 1.0),)),
    ("AT", 3, 0.02, "+43664123456", "+431234567890", (("Europe/Vienna", 1.0),)),
    ("CH", 3, 0.01, "+41781234567", "+41212345678", (("Europe/Zurich", 1.0),)),
    ("BR", 4, 0.08, "+5511961234567", "+551123456789", (("America/Sao_Paulo", 1.0),)),
    ("PT", 4, 0.02, "+351912345678", "+351212345678", (("Europe/Lisbon", 1.0),)),
)

FIRST_NAMES: tuple[tuple[str, ...], ...] = (
    (
        "James",
        "Mary",
        "Olivia",
        "Liam",
        "Emma",
        "Noah",
        "Ava",
        "Ethan",
        "Sophia",
        "Lucas",
        "Grace",
        "Jack",
        "Chloe",
        "Henry",
        "Emily",
        "Daniel",
        "Hannah",
        "Samuel",
        "Zoe",
        "Ryan",
    ),
    (
        "Sofía",
        "Mateo",
        "Lucía",
        "Santiago",
        "Valentina",
        "Diego",
        "Camila",
        "Javier",
        "Isabella",
        "Alejandro",
        "Martina",
        "Carlos",
        "Paula",
        "Andrés",
        "Elena",
        "Miguel",
        "Daniela",
        "Pablo",
        "Carmen",
        "José",
    ),
    (
        "Camille",
        "Louis",
        "Léa",
        "Hugo",
        "Chloé",
        "Jules",
        "Manon",
        "Gabriel",
        "Inès",
        "Arthur",
        "Zoé",
        "Raphaël",
        "Juliette",
        "Théo",
        "Clément",
        "Margaux",
        "Antoine",
        "Élise",
        "Mathis",
        "Céline",
    ),
    (
        "Lukas",
        "Anna",
        "Leon",
        "Mia",
        "Finn",
        "Lena",
        "Jonas",
        "Lea",
        "Paul",
        "Marie",
        "Felix",
        "Laura",
        "Maximilian",
        "Julia",
        "Elias",
        "Sophie",
        "Niklas",
        "Katharina",
        "Tobias",
        "Jürgen",
    ),
    (
        "João",
        "Maria",
        "Pedro",
        "Ana",
        "Gabriel",
        "Beatriz",
        "Lucas",
        "Mariana",
        "Rafael",
        "Larissa",
        "Tiago",
        "Inês",
        "Gustavo",
        "Camila",
        "Rodrigo",
        "Letícia",
        "Bruno",
        "Fernanda",
        "Diogo",
        "Sebastião",
    ),
)

LAST_NAMES: tuple[tuple[str, ...], ...] = (
    (
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Miller",
        "Davis",
        "Wilson",
        "Taylor",
        "Anderson",
        "Thomas",
        "Moore",
        "Martin",
        "Thompson",
        "White",
        "Harris",
        "Clark",
        "Lewis",
        "Walker",
        "O'Brien",
    ),
    (
        "García",
        "Martínez",
        "López",
        "González",
        "Rodríguez",
        "Fernández",
        "Pérez",
        "Sánchez",
        "Ramírez",
        "Torres",
        "Flores",
        "Rivera",
        "Gómez",
        "Díaz",
        "Morales",
        "Castillo",
        "Ortiz",
        "Ruiz",
        "Vargas",
        "Herrera",
    ),
    (
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefèvre",
        "Michel",
        "Garnier",
        "Faure",
        "Rousseau",
        "Blanc",
        "Girard",
        "Bonnet",
    ),
    (
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Schulz",
        "Hoffmann",
        "Schäfer",
        "Koch",
        "Bauer",
        "Richter",
        "Klein",
        "Wolf",
        "Schröder",
        "Neumann",
        "Schwarz",
        "Zimmermann",
    ),
    (
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Rodrigues",
        "Ferreira",
        "Alves",
        "Pereira",
        "Lima",
        "Gomes",
        "Costa",
        "Ribeiro",
        "Martins",
        "Carvalho",
        "Almeida",
        "Lopes",
        "Soares",
        "Fernandes",
        "Araújo",
        "Conceição",
    ),
)

EMAIL_DOMAINS: tuple[tuple[str, ...], ...] = (
    ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"),
    ("gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "icloud.com"),
    ("gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net"),
    ("gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.de"),
    ("gmail.com", "uol.com.br", "hotmail.com", "sapo.pt", "outlook.com"),
)

AGE_BANDS: tuple[str, ...] = ("18-24", "25-34", "35-44", "45-54", "55+")
AGE_BAND_SHARE: tuple[float, ...] = (0.22, 0.34, 0.22, 0.14, 0.08)
EDUCATION_LEVELS: tuple[str, ...] = ("secondary", "bachelor", "master", "doctorate", "other")
EDUCATION_SHARE: tuple[float, ...] = (0.30, 0.40, 0.18, 0.04, 0.08)
LEAD_SOURCES: tuple[str, ...] = (
    "organic",
    "paid_social",
    "paid_search",
    "referral",
    "event",
    "partner",
)
LEAD_SOURCE_SHARE: tuple[float, ...] = (0.34, 0.2, 0.16, 0.14, 0.08, 0.08)

CATEGORIES: tuple[str, ...] = (
    "data",
    "software",
    "design",
    "business",
    "marketing",
    "languages",
    "health",
    "finance",
)
CATEGORY_SHARE: tuple[float, ...] = (0.18, 0.17, 0.1, 0.14, 0.12, 0.12, 0.08, 0.09)
CATEGORY_BASE_PRICE: tuple[float, ...] = (
    1490.0,
    1790.0,
    990.0,
    1290.0,
    890.0,
    490.0,
    790.0,
    1190.0,
)
COURSE_TITLES: tuple[tuple[str, ...], ...] = (
    (
        "Data Analytics Bootcamp",
        "SQL for Analysts",
        "Machine Learning Foundations",
        "Data Visualisation with Python",
        "Applied Statistics",
    ),
    (
        "Full-Stack Web Development",
        "Python Programming",
        "Cloud Engineering Essentials",
        "Mobile App Development",
        "DevOps in Practice",
    ),
    (
        "UX Design Certificate",
        "UI Design Fundamentals",
        "Graphic Design Essentials",
        "Product Design Sprint",
        "Motion Design",
    ),
    (
        "Project Management Professional",
        "Business Analysis",
        "Leadership for New Managers",
        "Entrepreneurship Launchpad",
        "Operations Management",
    ),
    (
        "Digital Marketing Certificate",
        "SEO and Content Strategy",
        "Performance Marketing",
        "Social Media Marketing",
        "Marketing Analytics",
    ),
    (
        "Business English",
        "Spanish for Professionals",
        "French Intensive",
        "German A1 to B1",
        "Portuguese Conversation",
    ),
    (
        "Nutrition Coaching",
        "Healthcare Administration",
        "Mental Health First Aid",
        "Fitness Instructor Certificate",
        "Medical Coding",
    ),
    (
        "Financial Modelling",
        "Accounting Fundamentals",
        "Investment Analysis",
        "Corporate Finance",
        "FinTech Essentials",
    ),
)
DELIVERY_MODES: tuple[str, ...] = ("online", "in_person", "hybrid")
DELIVERY_MODE_PRICE_FACTOR: tuple[float, ...] = (1.0, 1.35, 1.15)

CAMPAIGN_TYPES: tuple[str, ...] = ("enrollment", "retention", "event_promotion", "nurture")
CAMPAIGN_TYPE_SHARE: tuple[float, ...] = (0.4, 0.15, 0.15, 0.3)
CHANNELS: tuple[str, ...] = ("email", "sms", "paid_social", "paid_search")

SUBJECTS: tuple[str, ...] = (
    "Your next step in {cat} starts here",
    "Last chance: {cat} courses start soon",
    "{first}, seats are filling up for {cat}",
    "New {cat} cohort: save 15% this week",
    "How our {cat} graduates changed careers",
    "Quick question about your {cat} goals",
    "Free webinar: breaking into {cat}",
    "Your {cat} learning plan is ready",
    "Only 48 hours left to apply",
    "We saved you a spot",
)
CONTENTS: tuple[str, ...] = (
    "short-text",
    "long-story",
    "testimonial",
    "countdown",
    "video-hero",
    "curriculum-table",
)

DEVICES: tuple[str, ...] = ("desktop", "mobile", "tablet")
DEVICE_SHARE: tuple[float, ...] = (0.42, 0.5, 0.08)
USER_AGENTS: tuple[str, ...] = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
)
# What Apple Mail Privacy Protection's proxy reports when it prefetches an email.
MACHINE_OPEN_USER_AGENT = "Mozilla/5.0"

AD_PLATFORMS: tuple[str, ...] = ("meta", "google", "linkedin", "tiktok")
AD_PLATFORM_CHANNEL: tuple[int, ...] = (2, 3, 2, 2)  # index into CHANNELS
AD_PLATFORM_CPC: tuple[float, ...] = (0.85, 1.6, 3.2, 0.55)

SITE = "https://learn.example.edu"
TWILIO_ACCOUNT_SID = "AC5ef8732a3c49700934481addd5ce1659"
TWILIO_FROM = "+14155550142"
TWILIO_STATUS_URL = "https://hooks.example.edu/twilio/status?ledger_id="
TWILIO_INBOUND_URL = "https://hooks.example.edu/twilio/inbound"
#: Link shortening click callbacks (the webhooks app's POST /twilio/clicks; Twilio adds bodySHA256)
TWILIO_CLICKS_URL = "https://hooks.example.edu/twilio/clicks"
TWILIO_MESSAGING_SERVICE_SID = "MG9c1d5b2e7a4f4e0c8b3d6a1f2e5c7b90"
CURRENCY = "USD"
