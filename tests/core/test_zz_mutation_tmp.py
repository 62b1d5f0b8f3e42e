from toolkit.core import commission
from toolkit.core.money import round_money, total
commission.CommissionMonth.amount = property(lambda self: total(round_money(s.commission) for s in self.shares))
from tests.core.test_payouts import *  # noqa
