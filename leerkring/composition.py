"""Who sits at the table: a circle's members by kind of organisation and municipality.

Zeist chose its sounding board from a matrix of housing types and households so that it
mirrored the village; a facilitator reads this table the same way, to see whether
municipalities and initiatives are both represented.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from practices.choices import OrganisationKind

UNKNOWN = ""
RESIDENT_INITIATIVES = {
    OrganisationKind.ENERGY_COOPERATIVE,
    OrganisationKind.NEIGHBOURHOOD_COUNCIL,
    OrganisationKind.VILLAGE_COUNCIL,
    OrganisationKind.RESIDENTS_ASSOCIATION,
}


@dataclass
class Composition:
    kinds: list = field(default_factory=list)  # (value, label) of the columns, in choice order
    rows: list = field(default_factory=list)  # (municipality, [count per kind], total)
    totals: list = field(default_factory=list)
    total: int = 0
    has_municipality: bool = False
    has_initiative: bool = False

    @property
    def is_balanced(self):
        return self.has_municipality and self.has_initiative


def composition_of(memberships):
    """Build the matrix from memberships with their organisation already selected."""
    counts = {}
    for membership in memberships:
        organisation = membership.organisation
        kind = organisation.kind if organisation else UNKNOWN
        municipality = organisation.municipality if organisation else UNKNOWN
        counts[(municipality, kind)] = counts.get((municipality, kind), 0) + 1

    present = {kind for _municipality, kind in counts}
    kinds = [(value, label) for value, label in OrganisationKind.choices if value in present]
    if UNKNOWN in present:
        kinds.append((UNKNOWN, _("No organisation given")))

    result = Composition(kinds=kinds, total=sum(counts.values()))
    municipalities = sorted({m for m, _kind in counts}, key=lambda m: (m == UNKNOWN, m.lower()))
    for municipality in municipalities:
        row = [counts.get((municipality, kind), 0) for kind, _label in kinds]
        label = municipality or _("Unknown municipality")
        result.rows.append((label, row, sum(row)))
    result.totals = [sum(counts.get((m, kind), 0) for m in municipalities) for kind, _l in kinds]
    result.has_municipality = OrganisationKind.MUNICIPALITY in present
    result.has_initiative = bool(present & RESIDENT_INITIATIVES)
    return result
