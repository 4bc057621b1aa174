"""What each persona of the root conftest may open: the expectations page and API tests share."""

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
TOWNSHIP_A, TOWNSHIP_B, COUNTY = "450321100", "450321101", "450321"

# persona → (their region, a region they may open, a region they may not)
SCOPES = {
    "county": (COUNTY, B1 + "001", "4503"),
    "township_a": (TOWNSHIP_A, A2, TOWNSHIP_B),
    "township_b": (TOWNSHIP_B, B1, A1),
    "cadre_a1": (A1, A1 + "W01", A2),
    "secretary_a1": (A1, A1 + "002", TOWNSHIP_A),
    "cadre_a2": (A2, A2 + "001", A1),
    "cadre_b1": (B1, B1 + "001", A1 + "001"),
    "villager_a1": (A1, A1 + "001", B1),
    "grid_worker_a1": (A1 + "W01", A1 + "W01", A1),
    "auditor": (COUNTY, A2, "45"),
}
