"""Generated money and contract shares for the payout property tests: amounts include
zeros of either sign and exponent, half cents and exponents that print differently
(``1E+2`` and ``100.00``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from toolkit.core.commission import ContractShare

amounts = st.one_of(
    st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False),
    st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("0.00"), Decimal("-0.00"),
                     Decimal("-0.001"), Decimal("0.005"), Decimal("-0.005"), Decimal("1E+2"),
                     Decimal("100.00"), Decimal("2.675"), Decimal("1.50"), Decimal("1.5")]))
shares = st.builds(ContractShare, st.sampled_from(["K1", "K2", "K3"]), st.just("C1"),
                   st.just(date(2026, 3, 31)), amounts, amounts, st.booleans(), st.booleans())
