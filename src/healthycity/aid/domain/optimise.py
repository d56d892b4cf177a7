"""The allocation model, independent of the database (so the benchmark can build instances).

Groups are (centre × need tier) with `n` enrolled people and a need weight. A person is covered
when they receive their full basket (q_p units of each product p). Integer programme, solved with
HiGHS through `scipy.optimize.milp`:

    maximise   Σ_g w_g·y_g  −  M·Σ_d short_d  −  ε·Σ_{c,l} rank_l·x_{c,l}
    subject to Σ_{l∈p} x_{c,l} = q_p·Σ_{g∈c} y_g     (each centre gets exactly its baskets)
               Σ_c x_{c,l} ≤ stock_l                  (lot stock; expired lots are not offered)
               Σ_{g∈c} y_g ≤ capacity_c               (hand-overs a centre can do per cycle)
               Σ_{g∈d} y_g + short_d ≥ φ·ρ·N_d        (fairness floor per district)
               0 ≤ y_g ≤ n_g, x ≥ 0, integer; short_d ≥ 0

ρ is an upper bound of the city-wide coverage ratio (stock, capacity), so the floor asks each
district for at least φ of what the city as a whole can reach; `short_d` makes a floor that cannot
be met visible instead of infeasible (M outweighs any need weight). rank_l orders lots by expiry,
so among equal plans the earliest-expiring lots are used first (FEFO); ε is small enough never to
cost coverage.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


@dataclass
class Instance:
    centre_capacity: list[int]
    centre_district: list[int]
    group_centre: list[int]
    group_n: list[int]
    group_weight: list[float]
    product_qty: list[int]
    lot_product: list[int]
    lot_stock: list[int]
    lot_rank: list[int]  # 0 = expires first
    fairness_floor: float = 0.8

    @property
    def sizes(self) -> tuple[int, int, int]:
        return len(self.group_n), len(self.centre_capacity), len(self.lot_stock)


@dataclass
class Plan:
    covered: list[int]  # per group
    shipments: dict[tuple[int, int], int]  # (centre, lot) -> units
    objective: float  # need-weighted coverage Σ w·y
    shortfall: dict[int, float] = field(default_factory=dict)  # district -> people short
    floors: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0
    status: str = ""
    gap: float = 0.0


def coverage_bound(inst: Instance) -> float:
    """ρ: the largest city-wide share of enrolled people the stock and capacity could cover."""
    total = sum(inst.group_n)
    if total == 0:
        return 0.0
    by_product = [0] * len(inst.product_qty)
    for p, s in zip(inst.lot_product, inst.lot_stock, strict=True):
        by_product[p] += s
    baskets = min((by_product[p] // q for p, q in enumerate(inst.product_qty)), default=0)
    enrolled = [0] * len(inst.centre_capacity)
    for c, n in zip(inst.group_centre, inst.group_n, strict=True):
        enrolled[c] += n
    capacity = sum(min(cap, e) for cap, e in zip(inst.centre_capacity, enrolled, strict=True))
    return min(1.0, baskets / total, capacity / total)


def district_floors(inst: Instance) -> dict[int, float]:
    rho = coverage_bound(inst)
    need: dict[int, int] = {}
    for c, n in zip(inst.group_centre, inst.group_n, strict=True):
        d = inst.centre_district[c]
        need[d] = need.get(d, 0) + n
    return {d: math.floor(inst.fairness_floor * rho * n) for d, n in need.items()}


def solve(inst: Instance, *, time_limit: float = 120.0) -> Plan:  # noqa: PLR0914
    started = time.perf_counter()
    n_groups, n_centres, n_lots = inst.sizes
    districts = sorted(set(inst.centre_district))
    d_index = {d: i for i, d in enumerate(districts)}
    floors = district_floors(inst)
    n_x = n_centres * n_lots
    n_vars = n_groups + n_x + len(districts)
    x0, s0 = n_groups, n_groups + n_x
    basket = sum(inst.product_qty) or 1
    eps = 0.5 / (max(n_lots, 1) * basket + 1)
    big_m = 10.0 * (max(inst.group_weight, default=1.0) + 1)

    cost = np.zeros(n_vars)
    cost[:n_groups] = -np.asarray(inst.group_weight, dtype=float)
    ranks = np.asarray(inst.lot_rank, dtype=float)
    cost[x0:s0] = eps * np.tile(ranks + 1, n_centres)
    cost[s0:] = big_m

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def add(row: int, col: int, value: float) -> None:
        rows.append(row)
        cols.append(col)
        vals.append(value)

    def bound(low: float, high: float) -> None:
        lo.append(low)
        hi.append(high)

    r = 0
    # Baskets per centre and product: Σ_{l∈p} x_cl − q_p Σ_{g∈c} y_g = 0
    groups_of: list[list[int]] = [[] for _ in range(n_centres)]
    for g, c in enumerate(inst.group_centre):
        groups_of[c].append(g)
    lots_of: list[list[int]] = [[] for _ in inst.product_qty]
    for l_, p in enumerate(inst.lot_product):
        lots_of[p].append(l_)
    for c in range(n_centres):
        for p, q in enumerate(inst.product_qty):
            for l_ in lots_of[p]:
                add(r, x0 + c * n_lots + l_, 1.0)
            for g in groups_of[c]:
                add(r, g, -float(q))
            bound(0.0, 0.0)
            r += 1
    # Lot stock
    for l_, s in enumerate(inst.lot_stock):
        for c in range(n_centres):
            add(r, x0 + c * n_lots + l_, 1.0)
        bound(0.0, float(s))
        r += 1
    # Centre capacity
    for c, cap in enumerate(inst.centre_capacity):
        for g in groups_of[c]:
            add(r, g, 1.0)
        bound(0.0, float(cap))
        r += 1
    # Fairness floor per district
    for d in districts:
        for g, c in enumerate(inst.group_centre):
            if inst.centre_district[c] == d:
                add(r, g, 1.0)
        add(r, s0 + d_index[d], 1.0)
        bound(float(floors.get(d, 0)), np.inf)
        r += 1

    matrix = coo_matrix((vals, (rows, cols)), shape=(r, n_vars)).tocsr()
    upper = np.concatenate(
        [np.asarray(inst.group_n, float), np.full(n_x, np.inf), np.full(len(districts), np.inf)]
    )
    integrality = np.concatenate([np.ones(n_groups + n_x), np.zeros(len(districts))])
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lo, hi),
        bounds=Bounds(np.zeros(n_vars), upper),
        integrality=integrality,
        options={"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False},
    )
    seconds = time.perf_counter() - started
    if result.x is None:
        return Plan([0] * n_groups, {}, 0.0, seconds=seconds, status=result.message)
    values = np.rint(result.x).astype(int)
    covered = values[:n_groups].tolist()
    shipments = {}
    for c in range(n_centres):
        for l_ in range(n_lots):
            units = int(values[x0 + c * n_lots + l_])
            if units:
                shipments[(c, l_)] = units
    objective = float(np.dot(inst.group_weight, covered))
    shortfall = {d: float(result.x[s0 + d_index[d]]) for d in districts}
    return Plan(
        covered=covered,
        shipments=shipments,
        objective=objective,
        shortfall={d: s for d, s in shortfall.items() if s > 1e-6},
        floors=floors,
        seconds=seconds,
        status="optimal" if result.status == 0 else str(result.message),
        gap=float(getattr(result, "mip_gap", 0.0) or 0.0),
    )


def greedy(inst: Instance) -> Plan:
    """Baseline as a centre would do it by hand: each product's stock is shared among centres in
    proportion to their enrolled people (capped by capacity), and each centre covers its
    neediest tiers first; lots are taken first-expiry-first-out."""
    started = time.perf_counter()
    n_groups, n_centres, n_lots = inst.sizes
    enrolled = [0] * n_centres
    for c, n in zip(inst.group_centre, inst.group_n, strict=True):
        enrolled[c] += n
    total = sum(enrolled) or 1
    stock = list(inst.lot_stock)
    fefo = sorted(range(n_lots), key=lambda l_: inst.lot_rank[l_])
    by_product = [0] * len(inst.product_qty)
    for p, s in zip(inst.lot_product, stock, strict=True):
        by_product[p] += s
    baskets_c = []
    for c in range(n_centres):
        share = (
            min(
                (math.floor(by_product[p] * enrolled[c] / total) // q)
                for p, q in enumerate(inst.product_qty)
            )
            if inst.product_qty
            else 0
        )
        baskets_c.append(min(share, inst.centre_capacity[c], enrolled[c]))
    covered = [0] * n_groups
    shipments: dict[tuple[int, int], int] = {}
    order = sorted(range(n_groups), key=lambda g: -inst.group_weight[g])
    left = list(baskets_c)
    for g in order:
        c = inst.group_centre[g]
        take = min(inst.group_n[g], left[c])
        covered[g] = take
        left[c] -= take
    for c in range(n_centres):
        people = baskets_c[c] - left[c]
        for p, q in enumerate(inst.product_qty):
            need = people * q
            for l_ in fefo:
                if need == 0:
                    break
                if inst.lot_product[l_] != p or stock[l_] == 0:
                    continue
                units = min(need, stock[l_])
                stock[l_] -= units
                need -= units
                shipments[(c, l_)] = shipments.get((c, l_), 0) + units
    return Plan(
        covered=covered,
        shipments=shipments,
        objective=float(np.dot(inst.group_weight, covered)),
        floors=district_floors(inst),
        seconds=time.perf_counter() - started,
        status="greedy",
    )
