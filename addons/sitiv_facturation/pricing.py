# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The price of an attendance line (§2.1.5.1, §2.1.1): who pays it, at
what unit price, for how many units, with what penalty and aid.

`sitiv.billing.pricing` reads once what a billing run needs (enrolments,
activities and their grids, households, quotients, custodies, aids,
sibling ranks) and answers per line. Each rule is one method another
module extends with `super()` — the crèche's PSU pricing overrides
`price` for its activities, without touching this module:

=====================  ====================================================
rule                   method (and where its data is set)
=====================  ====================================================
payers, custody        ``payers`` (custody rules of sitiv_famille)
unit price, grid       ``price`` → ``sitiv.tariff.unit_price`` (tariff.py)
sibling discount       ``sibling_rank`` → ``sitiv.tariff.sibling_rate``
absences billed        ``quantity`` (activity « facturer les absences »)
late pick-up penalty   ``penalty`` (activity « pénalité de retard »)
financial aid          ``aid`` (aid.py)
regularisations        ``sitiv.billing.run._bill_row`` (billing.py)
simulation             ``simulate`` (agents' wizard, family portal)
=====================  ====================================================
"""
import calendar
import datetime
from collections import defaultdict
from decimal import Decimal

from hestia_base.batch import browse, search

from trytond.i18n import gettext
from trytond.model import Model
from trytond.pool import Pool

ONE = Decimal(1)
HUNDRED = Decimal(100)


def household_label(household):
    "How agents name a family: its file number and name."
    return f"{household.number} {household.name}"


class BillingError(Exception):
    "A household that cannot be billed; the others are."


class Pricing(Model):
    "Billing Pricing"
    __name__ = 'sitiv.billing.pricing'
    __no_slots__ = True  # holds what the run read (as account's templates)

    @classmethod
    def load(cls, run, rows):
        "The pricing of `rows` (billing.Row) for the billing run `run`."
        pricing = cls()
        pricing._load(run, rows)
        return pricing

    @classmethod
    def simulate(cls, activity, month, weekdays, quotient=None,
            residence='resident', resources=None, rank=1, school_city=False,
            ulis=False):
        """{days, unit_price, total} of booking `weekdays` (0 = Monday) of
        the month starting on `month` with the grid a billing run would
        use (§2.1.5.1 simulation, the agents' wizard and the family
        portal), or None when the grid has no price. Modules pricing
        otherwise (crèche hours) extend it."""
        last = month.replace(
            day=calendar.monthrange(month.year, month.month)[1])
        days = [d for d in activity.open_days(month, last)
            if d.weekday() in weekdays]
        tariff = next((t for t in activity.tariffs if t.covers(month)), None)
        if not tariff:
            return None
        price = tariff.unit_price(quotient, resources, residence,
            school_city, ulis, rank)
        if price is None:
            return None
        count = 1 if activity.unit == 'flat' else len(days)
        return {'days': len(days), 'unit_price': price,
            'total': price * count}

    def _load(self, run, rows):
        pool = Pool()
        Enrolment = pool.get('sitiv.enrolment')
        Activity = pool.get('sitiv.activity')
        Household = pool.get('sitiv.household')
        Party = pool.get('party.party')
        Quotient = pool.get('sitiv.quotient_familial')
        Aid = pool.get('sitiv.financial_aid')
        Attendance = pool.get('sitiv.attendance')
        self.run = run
        self.company = run.company
        self.enrolments = browse(Enrolment, {r.enrolment for r in rows})
        self.activities = browse(Activity, {r.activity for r in rows})
        self.children = browse(Party, {r.child for r in rows})
        self.custodies = Attendance.custodies_of(
            list(self.children.values()))
        # Every household a row may be billed to, read once: a shared
        # custody bills the child's other home too.
        household_ids = {r.household for r in rows} | {
            e.household.id for e in self.enrolments.values()} | {
            c.household.id for cs in self.custodies.values() for c in cs}
        self.households = browse(Household, household_ids)
        # Plain values of what every row reads (a record's attribute costs
        # more than a dictionary's, and a run reads them for each day).
        self.quotients = defaultdict(list)
        for quotient in search(Quotient, [], 'household', household_ids):
            self.quotients[quotient.household.id].append(
                (quotient.start_date, quotient.end_date, quotient))
        self.domains = {a.id: a.domain for a in self.activities.values()}
        self.enrolment_keys = {e.id: (e.school_city, e.ulis)
            for e in self.enrolments.values()}
        self.aids = defaultdict(list)
        for aid in search(Aid, [('company', '=', self.company.id)],
                'household', household_ids):
            self.aids[aid.household.id].append(aid)
        payers = Household.payers_of(household_ids)
        parties = browse(Party, payers.values())
        self.payer_of = {h: parties[p] for h, p in payers.items()}
        self.residences = {}
        self.period_starts = {}
        self.tariffs = {}
        self.prices = {}
        self.ranks = self._sibling_ranks(rows)

    def _sibling_ranks(self, rows):
        "Rank of each child per household and domain, eldest first."
        children = defaultdict(set)
        for row in rows:
            domain = self.domains[row.activity]
            children[(row.household, domain)].add(row.child)
        ranks = {}
        for (household, domain), child_ids in children.items():
            ordered = sorted(child_ids, key=lambda c: (
                    self.children[c].birth_date or datetime.date.min, c))
            for rank, child in enumerate(ordered, 1):
                ranks[(household, domain, child)] = rank
        return ranks

    def sibling_rank(self, row):
        """The child's rank among the household's children billed in the
        activity's domain (1 = eldest), for the tariff's sibling rate."""
        domain = self.domains[row.activity]
        return self.ranks.get((row.household, domain, row.child), 1)

    def payers(self, row, enrolment):
        """[(party, share, household)] billed for the row, and the household
        whose resources set its price (§2.1.1 rattachement de la
        facturation)."""
        household = self.households[row.household]
        custodies = self.custodies.get(row.child, [])
        custody = next((c for c in custodies
                if c.household.id == household.id
                and c.applies_on(row.date)), None)
        rule = custody.billing_rule if custody else 'custody'
        if rule == 'enrolling':
            household = enrolment.household
        elif rule == 'third_party':
            return [(custody.billing_party, ONE, household)], household
        elif rule == 'resources':
            for other in self.households.values():
                if custody.billing_party in other.heads:
                    return [(self.payer(household), ONE, household)], other
        elif rule == 'split':
            shares = [c for c in custodies if c.billing_rule == 'split'
                and (not c.start_date or c.start_date <= row.date)
                and (not c.end_date or row.date <= c.end_date)]
            homes = [self.households[c.household.id] for c in shares]
            return [(self.payer(home),
                    (c.billing_percentage or 0) / HUNDRED, home)
                for c, home in zip(shares, homes)], household
        return [(self.payer(household), ONE, household)], household

    def payer(self, household):
        "The party billed for the household; BillingError without one."
        if household.id not in self.payer_of:  # a custody's other home
            self.payer_of[household.id] = household.get_payer()
        payer = self.payer_of[household.id]
        if not payer:
            raise BillingError(gettext('sitiv_facturation.msg_no_payer',
                    household=household_label(household)))
        return payer

    def quotient(self, household, date):
        "The household's quotient familial on `date`, or None."
        for start, end, quotient in self.quotients.get(household.id, []):
            if start <= date and (not end or date <= end):
                return quotient

    def residence(self, household):
        "The household's residence category (resident, outside …)."
        if household.id not in self.residences:
            self.residences[household.id] = self.company.residence_category(
                household.residence_city)
        return self.residences[household.id]

    def tariff(self, activity, date):
        "The activity's tariff on `date`, or None."
        key = (activity.id, date)
        if key not in self.tariffs:
            self.tariffs[key] = next(
                (t for t in activity.tariffs if t.covers(date)), None)
        return self.tariffs[key]

    def price(self, row, enrolment, household):
        """The unit price of the row for `household` (the one whose
        resources count); BillingError when the grid has none."""
        activity = self.activities[row.activity]
        tariff = self.tariff(activity, row.date)
        if not tariff:
            raise BillingError(gettext('sitiv_facturation.msg_no_tariff',
                    activity=activity.rec_name,
                    date=row.date.strftime('%d/%m/%Y'),
                    household=household_label(self.households[row.household])))
        quotient = self.quotient(household, row.date)
        rank = self.sibling_rank(row)
        key = (tariff.id, quotient.id if quotient else None,
            self.residence(household), self.enrolment_keys.get(
                enrolment.id, (enrolment.school_city, enrolment.ulis)),
            rank)
        if key not in self.prices:
            resources = (quotient.annual_resources / 12
                if quotient and quotient.annual_resources is not None
                else None)
            self.prices[key] = tariff.unit_price(
                quotient.quotient if quotient else None, resources,
                self.residence(household), enrolment.school_city,
                enrolment.ulis, rank)
        price = self.prices[key]
        if price is None:
            raise BillingError(gettext('sitiv_facturation.msg_no_tariff_line',
                    tariff=tariff.name,
                    household=household_label(self.households[row.household]),
                    child=self.children[row.child].rec_name))
        return price

    def quantity(self, row):
        """Units billed for the row under its activity's rules (§2.1.4):
        a reservation not pointed is a planned presence, an unexcused
        absence is billed unless the activity says otherwise."""
        activity = self.activities[row.activity]
        return billable_quantity(row.state, row.quantity, activity)

    def penalty(self, row):
        "The late pick-up penalty of the row (§2.1.4), 0 without one."
        activity = self.activities[row.activity]
        if row.overtime and row.state == 'present':
            return activity.overtime_penalty or Decimal(0)
        return Decimal(0)

    def aid(self, row, household):
        "The financial aid of an organism covering the row, or None."
        for aid in self.aids.get(household.id, []):
            if aid.applies(household.id, row.child, row.activity, row.date):
                return aid


def billable_quantity(state, quantity, activity):
    "Units billed for a line in `state` (see `Pricing.quantity`)."
    if state in {'present', 'reserved'}:
        return quantity
    if state == 'absent_unexcused' and activity.bill_unexcused_absence:
        return quantity
    return Decimal(0)
