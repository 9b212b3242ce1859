"""The textbook economics the course uses: incidence, surplus, deadweight loss and scarcity rent.

Pure, validated functions (no data, no widgets), each with its formula here once:

* :func:`pass_through`: the share of a small per-unit tax, tariff or fee borne by buyers when
  demand and supply have constant elasticities near the equilibrium, the standard incidence
  formula ``ε_S / (ε_S − ε_D)`` (e.g. Mankiw, *Principles*, ch. 6; CORE Econ, *The Economy*,
  unit 7). Demand elasticities carry their textbook sign: negative.
* :func:`scarcity_price`: when only a share of what buyers want at the normal price can be
  supplied, the price at which they would want just that much, for a constant price elasticity
  of demand: ``share ** (1 / ε)`` times the normal price.
* :class:`LinearMarket`: linear inverse demand ``P = a − b·Q`` and supply ``P = c + d·Q``, with
  a per-unit tax, a fee taken as a share of the price (an *ad valorem* fee, like the revenue share
  on licensed chip sales), a quota or an outright ban: prices and quantity before and after,
  consumer and producer surplus, the government's revenue, the deadweight loss, and a quota's
  scarcity rent and who captures it. :meth:`LinearMarket.from_point` calibrates the two lines
  to a price, a quantity and two elasticities at that point.

Surplus is measured in the units of price × quantity (USD millions when the price is in USD and
the quantity in millions of units... whatever the caller uses, consistently).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from . import validate
from .validate import InputError

__all__ = ["pass_through", "scarcity_price", "LinearMarket", "Outcome", "RENT_HOLDERS"]

#: Who may hold the right to sell under a quota or licence, and so capture its scarcity rent.
RENT_HOLDERS = ("sellers", "buyers", "government")


def _demand_elasticity(value, name: str = "demand_elasticity") -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == -math.inf:
        return -math.inf
    e = validate.number(value, name, hint="Use its textbook sign, for example -1.2.")
    if e > 0:
        raise InputError(
            f"{name} must be negative or zero, not {e:g}: demand falls when the price "
            f"rises, so its elasticity has a minus sign. Use {-e:g}, not {e:g}."
        )
    return e


def _supply_elasticity(value, name: str = "supply_elasticity") -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == math.inf:
        return math.inf
    return validate.number(value, name, low=0.0, hint="0 means a fixed supply; inf a flat one.")


def pass_through(demand_elasticity, supply_elasticity) -> float:
    """Share of a small per-unit tax, tariff or fee borne by buyers: ``ε_S / (ε_S − ε_D)``.

    For constant elasticities near the equilibrium (a first-order result: exact for a linear
    market, approximate for a large tax). ``demand_elasticity`` ε_D ≤ 0 (textbook sign; a
    positive value is refused with the negative one suggested), ``supply_elasticity`` ε_S ≥ 0;
    ``math.inf`` and ``-math.inf`` are allowed for the limits.

    * perfectly inelastic demand (ε_D = 0) or perfectly elastic supply (ε_S = ∞): buyers bear
      it all, 1;
    * perfectly inelastic supply (ε_S = 0) or perfectly elastic demand (ε_D = −∞): sellers
      bear it all, 0.

    The rest, ``1 − pass_through``, is borne by sellers.

    >>> pass_through(-1.0, 1.0)
    0.5
    """
    ed = _demand_elasticity(demand_elasticity)
    es = _supply_elasticity(supply_elasticity)
    if ed == 0 and es == 0:
        raise InputError(
            "demand_elasticity and supply_elasticity are both 0: with neither side "
            "responding, the split of a tax is not determined. Make one of them "
            "non-zero."
        )
    if math.isinf(ed) and math.isinf(es):
        raise InputError(
            "demand_elasticity -inf and supply_elasticity inf together leave the "
            "split undetermined: make one of them finite."
        )
    if math.isinf(es):
        return 1.0
    if math.isinf(ed):
        return 0.0
    return es / (es - ed)


def scarcity_price(supplied_share, demand_elasticity, *, cap: float = 1000.0) -> float:
    """The price, relative to the normal one, that rations a shortage with constant-elasticity demand.

    ``supplied_share`` is what can be supplied as a share of what buyers want at the normal price
    (1 = no shortage). Demand ``Q = Q0 · (P/P0) ** ε`` equals that supply at
    ``P/P0 = supplied_share ** (1 / ε)``; it is at most ``cap`` (nothing supplied: no finite
    price clears the market). The gap between that price and the normal one, times the
    quantity sold, is the **scarcity rent** of whoever sells the scarce goods.

    >>> scarcity_price(0.5, -1.0)   # half of demand met, unit elastic: the price doubles
    2.0
    >>> scarcity_price(0.5, -0.5)   # less elastic demand: a steeper rise
    4.0
    """
    share = validate.number(
        supplied_share, "supplied_share (of demand at the normal price)", low=0.0, high=1.0
    )
    e = _demand_elasticity(demand_elasticity)
    cap = validate.number(cap, "cap", low=1.0, high=1e12)
    if share >= 1.0:
        return 1.0
    if e == 0 or share <= 0:
        return cap  # perfectly inelastic demand, or nothing to sell: no finite clearing price
    if math.isinf(e):
        return 1.0  # perfectly elastic demand: the price cannot rise
    log_index = math.log(share) / e  # in logs, so that a tiny share cannot overflow
    return cap if log_index >= math.log(cap) else math.exp(log_index)


@dataclass(frozen=True)
class Outcome:
    """One market outcome (before or after a policy). Money in price × quantity units."""

    policy: str
    quantity: float
    buyer_price: float  # what buyers pay per unit
    seller_price: float  # what sellers keep per unit
    consumer_surplus: float
    producer_surplus: float
    government_revenue: float  # a tax or fee; a quota's rent when the government holds it
    rent: float  # a quota's scarcity rent (whoever holds it); 0 otherwise
    rent_holder: str  # "", or who captures the rent
    deadweight_loss: float  # against the market without the policy

    @property
    def total_surplus(self) -> float:
        """Consumer + producer surplus + government revenue (+ a rent held by nobody else)."""
        return self.consumer_surplus + self.producer_surplus + self.government_revenue

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["total_surplus"] = self.total_surplus
        return d


@dataclass(frozen=True)
class LinearMarket:
    """Inverse demand ``P = a − b·Q`` and inverse supply ``P = c + d·Q``.

    ``a`` > 0 (the highest price anyone pays), ``b`` > 0, ``d`` ≥ 0 (0: a flat supply), ``c`` <
    ``a``. ``c`` may be negative (supply that would still come at a zero price); prices never go
    below zero in the surplus sums.
    """

    a: float
    b: float
    c: float
    d: float

    def __post_init__(self):
        for name, low, low_open in (("a", 0.0, True), ("b", 0.0, True), ("d", 0.0, False)):
            validate.number(getattr(self, name), name, low=low, low_open=low_open, high=1e15)
        validate.number(self.c, "c", low=-1e15, high=1e15)
        if self.c >= self.a:
            raise InputError(
                f"c ({self.c:g}) must be below a ({self.a:g}): otherwise nothing is traded at any price."
            )

    @classmethod
    def from_point(cls, price, quantity, demand_elasticity, supply_elasticity) -> LinearMarket:
        """The linear market through (``quantity``, ``price``) with these point elasticities.

        Slopes from ε = (dQ/dP)·(P/Q): ``b = −P / (ε_D·Q)``, ``d = P / (ε_S·Q)``.
        ``demand_elasticity`` must be negative (not 0: a vertical demand line has no price
        axis crossing), ``supply_elasticity`` positive; ``math.inf`` gives a flat supply.
        """
        p = validate.number(price, "price", low=0.0, low_open=True, high=1e12)
        q = validate.number(quantity, "quantity", low=0.0, low_open=True, high=1e12)
        ed = _demand_elasticity(demand_elasticity)
        if ed == 0 or math.isinf(ed):
            raise InputError(
                "demand_elasticity must be below 0 and finite for a linear demand "
                f"line (got {ed:g}); try -0.5 for inelastic demand."
            )
        es = _supply_elasticity(supply_elasticity)
        if es == 0:
            raise InputError(
                "supply_elasticity 0 (a fixed quantity) has no linear price line; "
                "use a small positive value such as 0.1, or a quota."
            )
        b = -p / (ed * q)
        d = 0.0 if math.isinf(es) else p / (es * q)
        return cls(a=p + b * q, b=b, c=p - d * q, d=d)

    # ------------------------------------------------------------------ curves

    def demand_price(self, q: float) -> float:
        return max(self.a - self.b * q, 0.0)

    def supply_price(self, q: float) -> float:
        return max(self.c + self.d * q, 0.0)

    def _q_at_zero_supply_price(self) -> float:
        """Quantity supplied at price 0 (positive only when c < 0)."""
        return 0.0 if self.c >= 0 or self.d == 0 else -self.c / self.d

    def _cs(self, q: float, price: float) -> float:
        """Area between the demand line and ``price`` from 0 to ``q``."""
        return max((self.a - price) * q - self.b * q * q / 2.0, 0.0)

    def _ps(self, q: float, price: float) -> float:
        """Area between ``price`` and the supply line (never below 0) from 0 to ``q``."""
        q0 = min(self._q_at_zero_supply_price(), q)
        flat = price * q0  # units offered even at a zero price
        rest = q - q0
        lo = self.supply_price(q0)
        return max(flat + (price - lo) * rest - self.d * rest * rest / 2.0, 0.0)

    # ------------------------------------------------------------------ outcomes

    def equilibrium(self) -> Outcome:
        """The market without any policy."""
        q = (self.a - self.c) / (self.b + self.d)
        p = self.a - self.b * q
        return Outcome("no policy", q, p, p, self._cs(q, p), self._ps(q, p), 0.0, 0.0, "", 0.0)

    def _after(self, policy, q, pb, ps, revenue, rent=0.0, holder="") -> Outcome:
        base = self.equilibrium()
        cs, prod = self._cs(q, pb), self._ps(q, ps)
        if holder == "sellers":
            prod += rent
        elif holder == "buyers":
            cs += rent
        elif holder == "government":
            revenue += rent
        dwl = max(base.consumer_surplus + base.producer_surplus - (cs + prod + revenue), 0.0)
        return Outcome(policy, q, pb, ps, cs, prod, revenue, rent, holder, dwl)

    def with_tax(self, tax) -> Outcome:
        """A per-unit tax (or tariff, or fee) ``tax`` in price units, paid to the government.

        Buyers pay ``pb``, sellers keep ``pb − tax``; the quantity falls to where the wedge fits
        between the lines. The deadweight loss is the triangle ``½ · tax · (Q₀ − Q)``.
        """
        t = validate.number(tax, "tax", low=0.0, high=1e15)
        q = max((self.a - self.c - t) / (self.b + self.d), 0.0)
        if q == 0.0:
            return self.with_ban(label=f"tax of {t:g} (prohibitive)")
        pb = self.a - self.b * q
        return self._after(f"tax of {t:g} per unit", q, pb, pb - t, t * q)

    def with_fee_share(self, share) -> Outcome:
        """A fee taken as a share of the buyers' price (an *ad valorem* fee), paid to the
        government: sellers keep ``(1 − share) · pb``. The course's example: the revenue share
        the US government expected on licensed chip sales to China."""
        s = validate.number(share, "share (a fraction of the price)", low=0.0, high=1.0)
        if s >= 1.0:
            return self.with_ban(label="fee of 100% (prohibitive)")
        # a − b·Q = (c + d·Q) / (1 − s)   =>   Q = (a(1 − s) − c) / (b(1 − s) + d)
        q = max((self.a * (1 - s) - self.c) / (self.b * (1 - s) + self.d), 0.0)
        if q == 0.0:
            return self.with_ban(label=f"fee of {s:.0%} (prohibitive)")
        pb = self.a - self.b * q
        ps = (1 - s) * pb
        return self._after(f"fee of {s:.0%} of the price", q, pb, ps, s * pb * q)

    def with_quota(self, quantity, rent_holder: str = "sellers") -> Outcome:
        """At most ``quantity`` units may be sold (a quota, a licence cap).

        When the cap binds, buyers pay the demand price at the cap and sellers' costs are the
        supply price there; the gap times the quantity is the **scarcity rent**, captured by
        whoever holds the right to sell: ``"sellers"`` (licences given to exporters),
        ``"buyers"`` (import rights held by buyers, who then pay only the supply price) or
        ``"government"`` (licences auctioned). The deadweight loss is the same in every case.
        """
        cap = validate.number(quantity, "quantity (the quota)", low=0.0, high=1e15)
        holder = validate.choice(rent_holder, "rent_holder", RENT_HOLDERS, what="rent holder")
        base = self.equilibrium()
        if cap >= base.quantity:
            return replace(base, policy=f"quota of {cap:g} (not binding)")
        if cap == 0.0:
            return self.with_ban()
        pd_, ps_ = self.demand_price(cap), self.supply_price(cap)
        rent = (pd_ - ps_) * cap
        pb = ps_ if holder == "buyers" else pd_
        ps = pd_ if holder == "sellers" else ps_
        # surplus measured at the supply and demand prices; the rent goes to its holder
        cs, prod = self._cs(cap, pd_), self._ps(cap, ps_)
        revenue = 0.0
        if holder == "sellers":
            prod += rent
        elif holder == "buyers":
            cs += rent
        else:
            revenue = rent
        dwl = max(base.consumer_surplus + base.producer_surplus - (cs + prod + revenue), 0.0)
        return Outcome(f"quota of {cap:g}", cap, pb, ps, cs, prod, revenue, rent, holder, dwl)

    def with_ban(self, label: str = "ban") -> Outcome:
        """No sales at all: every unit of surplus is lost (the deadweight loss is the whole of it)."""
        base = self.equilibrium()
        return Outcome(
            label,
            0.0,
            self.a,
            self.supply_price(0.0),
            0.0,
            0.0,
            0.0,
            0.0,
            "",
            base.consumer_surplus + base.producer_surplus,
        )

    def buyers_share(self, outcome: Outcome) -> float:
        """The share of a tax or fee's wedge borne by buyers: (pb − P₀) / (pb − ps)."""
        base = self.equilibrium()
        wedge = outcome.buyer_price - outcome.seller_price
        if wedge <= 0:
            return 0.0
        return min(max((outcome.buyer_price - base.buyer_price) / wedge, 0.0), 1.0)
