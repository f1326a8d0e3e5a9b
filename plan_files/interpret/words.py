"""Words the readings share: month and day names, and the dashes people type."""

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS: dict[str, int] = {
    name: number
    for number, month in enumerate(MONTH_NAMES, start=1)
    for name in (month.casefold(), month[:3].casefold())
} | {"sept": 9}

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH_TO_HYPHEN = {ord(dash): "-" for dash in DASHES}
