"""The table `make bench` prints, in words and columns, and its targets met or missed.

bench/run.py measures; this module prints what it measured (the `results` of
bench/results.json) and adds the targets and the ratios they compare to it.
"""

from . import peer

TARGETS = {
    "flat": 1.5,  # served and computed time, large / small
    "floor": 3.0,  # API computed time / hand-written SQL time
    "import": 0.25,  # import rows/s / floor rows/s
    "same_writes": 0.75,  # import rows/s (daily counts kept) / same-writes rows/s
    "load": 0.5,  # page rate / static-file rate
}
SAME_WRITES_LABEL = "import rate with daily counts kept / same-writes floor"


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def verdict(ok: bool) -> str:
    return "met   " if ok else "MISSED"


def print_table(results: dict) -> None:
    """The results, in words and columns; adds the targets and ratios to `results`."""
    small_n, large_n = sorted(int(n) for n in results["scales"])
    small, large = results["scales"][str(small_n)], results["scales"][str(large_n)]
    _print_data(small_n, small, large_n, large)
    ratios = _print_pages(small, large)
    floor_ratios = _print_floor(large_n, large)
    ratios["api_page_over_sql_worst"] = max(
        floor_ratios[n] for n in floor_ratios if n.startswith("API")
    )
    ratios.update(_print_import(large_n, results["import"]))
    ratios["load_page_over_static"] = _print_load(results["load"])
    rows = _target_rows(ratios, results["load"])
    rows += peer.print_peer(results["peer"], results["database"])
    ratios["api_ytd_nypd_over_small"] = results["peer"]["api_ytd_nypd_over_small"]
    if "ours_over_datasette" in (side := results["peer"]["side_by_side"]):
        ratios["ours_over_datasette"] = side["ours_over_datasette"]
    if weight := results.get("page_weight"):
        from bench.weight import print_weights, targets

        print()
        print_weights(weight["pages"])
        rows += targets(weight["pages"])
    print_targets(rows, results)
    results["ratios"] = ratios


def _target_rows(ratios: dict, loaded: dict) -> list[tuple[bool, str]]:
    """(met, the target in words) of the targets of TARGETS."""
    flat, worst_name = TARGETS["flat"], ratios["served_worst_page"]
    worst = ratios["served_large_small_worst"]
    rows = [
        (
            worst <= flat,
            f"served time large/small <= {flat} (worst {worst:.2f}, {worst_name})",
        ),
        *(
            (
                ratio <= flat,
                f"computed time large/small <= {flat}: {name} ({ratio:.2f})",
            )
            for name, ratio in ratios["computed_large_small"].items()
        ),
        (ratios["equal_queries"], "queries per page equal at both scales"),
    ]
    api_floor = ratios["api_page_over_sql_worst"]
    rows.append(
        (
            api_floor <= TARGETS["floor"],
            f"API computed time / SQL <= {TARGETS['floor']:.0f} (worst {api_floor:.2f})",
        )
    )
    return rows + _import_and_load_rows(ratios, loaded)


def _import_and_load_rows(ratios: dict, loaded: dict) -> list[tuple[bool, str]]:
    import_ratio, same = ratios["import_over_floor"], ratios["import_over_same_writes"]
    load_ratio = ratios["load_page_over_static"]
    errors = loaded["page"]["errors"] + loaded["static"]["errors"]
    return [
        (
            import_ratio >= TARGETS["import"],
            f"import >= {TARGETS['import']} of the floor ({import_ratio:.2f})",
        ),
        (
            same >= TARGETS["same_writes"],
            f"{SAME_WRITES_LABEL} >= {TARGETS['same_writes']} ({same:.2f})",
        ),
        (
            load_ratio >= TARGETS["load"] and errors == 0,
            f"under load >= {TARGETS['load']} of the static rate, no errors "
            f"({load_ratio:.2f}, {errors} errors)",
        ),
    ]


def print_targets(rows: list[tuple[bool, str]], results: dict) -> None:
    """Each target met or missed; they go into `results` too."""
    print()
    print("Targets")
    for ok, text in rows:
        print(f"  {verdict(ok)} {text}")
    results["targets"] = [{"met": ok, "target": text} for ok, text in rows]


def _print_data(small_n: int, small: dict, large_n: int, large: dict) -> None:
    print()
    print(
        f"Data: {small_n:,} incidents ({small['victims']:,} victims, "
        f"{small['spending']:,} spending entries) and {large_n:,} incidents "
        f"({large['victims']:,} victims, {large['spending']:,} spending entries); "
        f"firearm recoveries: half as many as incidents; 20 years."
    )


def _print_pages(small: dict, large: dict) -> dict:
    """The pages' times at both scales; the ratios large / small (served: the worst and
    its page; computed: each page's) and whether each page makes as many queries at
    both scales."""
    print()
    print(
        "Pages, server time in ms (in-process test client). computed = cache emptied "
        "first (the first request after a change, or a new as-of date); served = the "
        "next requests."
    )
    header = (
        f"{'page':<20}{'computed':>10}{'computed':>10}{'':>7}"
        f"{'served':>9}{'served':>9}{'':>7}{'queries':>9}{'queries':>9}"
    )
    scales = f"{'':<20}{'small':>10}{'large':>10}{'ratio':>7}"
    scales += f"{'small':>9}{'large':>9}{'ratio':>7}{'small':>9}{'large':>9}"
    print(header)
    print(scales)
    served_ratios, computed_ratios, equal_queries = [], {}, True
    for name, big in large["pages"].items():
        little = small["pages"][name]
        computed = _ratio(big["computed_ms"], little["computed_ms"])
        computed_ratios[name] = computed
        served = _ratio(big["served_ms"], little["served_ms"])
        served_ratios.append((served, name))
        queries_small = f"{little['queries_computed']}/{little['queries_served']}"
        queries_large = f"{big['queries_computed']}/{big['queries_served']}"
        equal_queries &= queries_small == queries_large
        print(
            f"{name:<20}{little['computed_ms']:>10.1f}{big['computed_ms']:>10.1f}"
            f"{computed:>7.2f}{little['served_ms']:>9.2f}{big['served_ms']:>9.2f}"
            f"{served:>7.2f}{queries_small:>9}{queries_large:>9}"
        )
    print("(queries: computed/served)")
    worst, worst_name = max(served_ratios)
    return {
        "served_large_small_worst": worst,
        "served_worst_page": worst_name,
        "computed_large_small": computed_ratios,
        "equal_queries": equal_queries,
    }


def _print_floor(large_n: int, large: dict) -> dict[str, float]:
    """Each page's computed time over its hand-written SQL's, at the large scale."""
    print()
    print(f"Floor: the same figures by hand-written SQL, ms, at {large_n:,} incidents")
    print(f"{'page':<20}{'SQL':>10}{'page':>10}{'page/SQL':>10}")
    floor_ratios = {}
    for name, figures in large["floor"].items():
        page_ms = large["pages"][name]["computed_ms"]
        floor_ratios[name] = _ratio(page_ms, figures["sql_ms"])
        print(
            f"{name:<20}{figures['sql_ms']:>10.1f}{page_ms:>10.1f}"
            f"{floor_ratios[name]:>10.2f}"
        )
    return floor_ratios


def _import_line(label: str, row: dict, what: str) -> str:
    return (
        f"  {label:<22}{row['rows']:>10,} rows {row['seconds']:>8.2f} s "
        f"{row['rows_per_second']:>10,} rows/s  ({what})"
    )


def _print_import(large_n: int, imp: dict) -> dict[str, float]:
    """The import's rates; the canonical import's over the floor's and over the same
    writes'."""
    print()
    print("Import (import_incidents, every row checked, all or nothing)")
    for label, key in (
        ("NYPD file", "nypd"),
        ("Philadelphia (format)", "philadelphia"),
        (f"canonical {large_n:,}", "canonical"),
    ):
        row = imp[key]
        print(_import_line(label, row, f"{row['incidents']:,} incidents"))
    ratio = _ratio(
        imp["philadelphia"]["rows_per_second"], imp["nypd"]["rows_per_second"]
    )
    print(f"  Philadelphia / NYPD rows/s: {ratio:.2f} (target: at least 1)")
    rate = imp["canonical"]["rows_per_second"]
    floor, same = imp["floor"], imp["same_writes"]
    ratios = {
        "import_over_floor": _ratio(rate, floor["rows_per_second"]),
        "import_over_same_writes": _ratio(rate, same["rows_per_second"]),
    }
    print(_import_line("floor", floor, floor["method"]))
    print(f"  import / floor: {ratios['import_over_floor']:.2f}")
    print(_import_line("same writes", same, same["method"]))
    print(f"  {SAME_WRITES_LABEL}: {ratios['import_over_same_writes']:.2f}")
    return ratios


def _print_load(loaded: dict) -> float:
    """The page's and the static file's rates under load; returns page / static."""
    print()
    print(
        f"Under load: gunicorn, 2 workers, 127.0.0.1, wrk {loaded['page']['connections']} "
        f"connections for {loaded['page']['seconds']} s; {loaded['page_bytes']:,}-byte "
        "page and a static file of the same size"
    )
    print(f"  {'':<16}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, key in (("public summary", "page"), ("static file", "static")):
        row = loaded[key]
        print(
            f"  {label:<16}{row['requests_per_second']:>8,}{row['p50_ms']:>9.2f}"
            f"{row['p99_ms']:>9.2f}{row['errors']:>8}"
        )
    load_ratio = _ratio(
        loaded["page"]["requests_per_second"], loaded["static"]["requests_per_second"]
    )
    print(f"  page / static: {load_ratio:.2f}")
    return load_ratio
