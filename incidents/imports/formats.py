"""The formats an import file may have, by name, and the parser of each.

(The parsers keep the names the tests reach them by.)
"""

from . import canonical, nypd, recoveries

CANONICAL = "canonical"
NYPD = "nypd"
RECOVERIES = "recoveries"
FORMATS = {
    CANONICAL: "Incidents, canonical CSV",
    NYPD: "Incidents, NYPD Shooting Incident Data (Historic) export",
    RECOVERIES: "Firearm recoveries CSV",
}
PARSERS = {
    CANONICAL: canonical._parse_canonical,
    NYPD: nypd._parse_nypd,
    RECOVERIES: recoveries._parse_recoveries,
}
