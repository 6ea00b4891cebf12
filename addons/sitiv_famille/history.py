# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Who changed what and when (§2.1.1, §2.1.13.1.2-3).

The framework keeps every version of the models declared `_history` in
`<table>__history`; this read-only model lists those versions with their
author and the fields that changed, so the agent reads the history from
the household form instead of asking for a database dump."""
from sql import Column, Literal, Null, Union
from sql.conditionals import Case, Coalesce

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import (
    Transaction, check_access, without_check_access)

# Models shown in the history; the index keeps the ids of the union unique.
TRACKED = [
    'sitiv.household',
    'sitiv.household.member',
    'party.party',
    'sitiv.custody',
    'sitiv.quotient_familial',
    'sitiv.authorization',
    'sitiv.child.contact',
    'sitiv.document',
    'sitiv.health',
    'sitiv.health.vaccination',
    'sitiv.health.visit',
    ]
HEALTH_MODELS = [
    'sitiv.health', 'sitiv.health.vaccination', 'sitiv.health.visit']
# Technical columns that say nothing to an agent.
IGNORED = {'id', 'create_uid', 'create_date', 'write_uid', 'write_date',
    'normalized_name', 'normalized_birth_name', 'photo_id', 'data_id'}


class Change(ModelSQL, ModelView):
    "Change"
    __name__ = 'sitiv.history'

    model_name = fields.Char("Model Name")
    model_label = fields.Function(fields.Char("Record Type"), 'get_label')
    record = fields.Integer("Record ID")
    resource = fields.Function(
        fields.Char("Record"), 'get_resource')
    date = fields.Timestamp("Date")
    user = fields.Many2One('res.user', "User")
    operation = fields.Selection([
            ('create', "Created"),
            ('write', "Modified"),
            ('delete', "Deleted"),
            ], "Operation")
    changes = fields.Function(fields.Text("Changes"), 'get_changes')
    # The city of the changed record, for the record rule by city.
    company = fields.Function(
        fields.Many2One('company.company', "City"),
        'get_company', searcher='search_company')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        queries = []
        for index, name in enumerate(TRACKED):
            Model = pool.get(name)
            history = Model.__table_history__()
            queries.append(history.select(
                    (Column(history, '__id') * len(TRACKED) + index
                        ).as_('id'),
                    Literal(name).as_('model_name'),
                    history.id.as_('record'),
                    Coalesce(history.write_date, history.create_date
                        ).as_('date'),
                    Coalesce(history.write_uid, history.create_uid
                        ).as_('user'),
                    Case(
                        (history.create_date == Null, 'delete'),
                        (history.write_date == Null, 'create'),
                        else_='write').as_('operation'),
                    Literal(0).as_('create_uid'),
                    Coalesce(history.write_date, history.create_date
                        ).as_('create_date'),
                    Literal(Null).as_('write_uid'),
                    Literal(Null).as_('write_date'),
                    ))
        return Union(*queries, all_=True)

    @classmethod
    def _record_companies(cls):
        "Query of (record, company) per tracked model: the household's city."
        pool = Pool()
        household = pool.get('sitiv.household').__table__()
        member = pool.get('sitiv.household.member').__table__()
        by_member = member.join(household,
            condition=member.household == household.id)

        def through_household(Model):
            table = pool.get(Model).__table__()
            return table.join(household,
                condition=table.household == household.id).select(
                table.id.as_('record'), household.company.as_('company'))

        def through_child(table, child):
            return table.join(member, condition=child == member.party
                ).join(household, condition=member.household == household.id
                ).select(table.id.as_('record'),
                    household.company.as_('company'))

        health = pool.get('sitiv.health').__table__()
        queries = {
            'sitiv.household': household.select(
                household.id.as_('record'), household.company.as_('company')),
            'sitiv.household.member': by_member.select(
                member.id.as_('record'), household.company.as_('company')),
            'party.party': by_member.select(
                member.party.as_('record'), household.company.as_('company')),
            'sitiv.health': through_child(health, health.child),
            }
        for name in ['sitiv.custody', 'sitiv.quotient_familial',
                'sitiv.document']:
            queries[name] = through_household(name)
        for name in ['sitiv.authorization', 'sitiv.child.contact']:
            table = pool.get(name).__table__()
            queries[name] = through_child(table, table.child)
        for name in ['sitiv.health.vaccination', 'sitiv.health.visit']:
            table = pool.get(name).__table__()
            queries[name] = table.join(health,
                condition=table.health == health.id).join(member,
                condition=health.child == member.party).join(household,
                condition=member.household == household.id).select(
                table.id.as_('record'), household.company.as_('company'))
        return queries

    @classmethod
    def search_company(cls, name, clause):
        _, operator, value = clause[:3]
        companies = value if isinstance(value, (list, tuple)) else [value]
        companies = [c for c in companies if c is not None] or [-1]
        mappings = cls._record_companies()
        if operator not in {'!=', 'not in'}:
            # Per model, the changed record among the city's: PostgreSQL
            # hashes each small list of records. The ids of every change
            # in one union (below) could not be hashed at a city's scale
            # and a household's history took over a minute to read.
            domain = ['OR']
            for model_name in TRACKED:
                mapping = mappings[model_name]
                domain.append([
                        ('model_name', '=', model_name),
                        ('record', 'in', mapping.select(mapping.record,
                                where=mapping.company.in_(companies))),
                        ])
            return domain
        queries = []
        for index, model_name in enumerate(TRACKED):
            history = Pool().get(model_name).__table_history__()
            mapping = mappings[model_name]
            queries.append(history.select(
                    (Column(history, '__id') * len(TRACKED) + index
                        ).as_('id'),
                    where=history.id.in_(mapping.select(mapping.record,
                            where=mapping.company.in_(companies)))))
        return [('id', 'not in', Union(*queries, all_=True))]

    @classmethod
    def get_company(cls, changes, name):
        result = {c.id: None for c in changes}
        cursor = Transaction().connection.cursor()
        by_model = {}
        for change in changes:
            by_model.setdefault(change.model_name, {}).setdefault(
                change.record, []).append(change.id)
        queries = cls._record_companies()
        for model_name, records in by_model.items():
            mapping = queries[model_name]
            cursor.execute(*mapping.select(mapping.record, mapping.company,
                    where=mapping.record.in_(list(records))))
            for record, company in cursor:
                for change_id in records[record]:
                    result[change_id] = company
        return result

    @classmethod
    def for_households(cls, households):
        "History entries of each household, its members and their persons."
        result = {}
        for household in households:
            domain = ['OR',
                [('model_name', '=', 'sitiv.household'),
                    ('record', '=', household.id)],
                [('model_name', '=', 'sitiv.household.member'),
                    ('record', 'in', [m.id for m in household.members])],
                [('model_name', '=', 'party.party'),
                    ('record', 'in', [m.party.id for m in household.members])],
                [('model_name', '=', 'sitiv.custody'),
                    ('record', 'in', [c.id for c in household.custodies])],
                [('model_name', '=', 'sitiv.quotient_familial'),
                    ('record', 'in', [q.id for q in household.quotients])],
                ]
            result[household.id] = [c.id for c in cls.search(domain)]
        return result

    @classmethod
    def for_records(cls, model_name, records):
        "History entries of each record of `model_name`."
        result = {r.id: [] for r in records}
        # Only those the user may read: a getter runs without the record
        # rules, and the form would then fail to show a person whose
        # history has a change of another city's or no household.
        with check_access():
            changes = cls.search([
                    ('model_name', '=', model_name),
                    ('record', 'in', list(result)),
                    ])
        for change in changes:
            result[change.record].append(change.id)
        return result

    def get_label(self, name):
        Model = Pool().get('ir.model')
        return Model.get_name(self.model_name)

    def get_resource(self, name):
        Model = Pool().get(self.model_name)
        with without_check_access(), \
                Transaction().set_context(active_test=False):
            records = Model.search([('id', '=', self.record)])
            return records[0].rec_name if records else '#%s' % self.record

    @classmethod
    def get_changes(cls, changes, name):
        result = {}
        for change in changes:
            result[change.id] = change._describe()
        return result

    def _versions(self):
        "The row of this version and the one before it."
        pool = Pool()
        Model = pool.get(self.model_name)
        history = Model.__table_history__()
        history_id = (self.id - TRACKED.index(self.model_name)) // len(
            TRACKED)
        columns = [
            n for n, f in Model._fields.items()
            if f.sql_type() and not isinstance(f, fields.Function)
            and n not in IGNORED]
        cursor = Transaction().connection.cursor()
        cursor.execute(*history.select(
                *[Column(history, c) for c in columns],
                where=(history.id == self.record)
                & (Column(history, '__id') <= history_id),
                order_by=[Column(history, '__id').desc],
                limit=2))
        rows = [dict(zip(columns, r)) for r in cursor]
        return Model, rows

    def _describe(self):
        if self.operation == 'delete':
            return ''
        Model, rows = self._versions()
        if not rows:
            return ''
        current = rows[0]
        previous = rows[1] if len(rows) > 1 else {}
        changed = [c for c, v in current.items()
            if v != previous.get(c) and (previous or v not in (None, ''))]
        # Labels and selections in the user's language.
        definitions = Model.fields_get(changed)
        lines = []
        for column in changed:
            field, definition = Model._fields[column], definitions[column]
            lines.append('%s : %s → %s' % (
                    definition['string'],
                    self._format(field, definition, previous.get(column)),
                    self._format(field, definition, current[column])))
        return '\n'.join(sorted(lines))

    @staticmethod
    def _format(field, definition, value):
        if value is None or value == '':
            return '∅'
        if field._type == 'many2one':
            Target = Pool().get(field.model_name)
            with without_check_access(), \
                    Transaction().set_context(active_test=False):
                targets = Target.search([('id', '=', value)])
                return targets[0].rec_name if targets else '#%s' % value
        if field._type == 'boolean':
            return 'oui' if value else 'non'
        if field._type == 'date' and hasattr(value, 'strftime'):
            return value.strftime('%d/%m/%Y')
        if field._type == 'selection' and isinstance(
                definition.get('selection'), list):
            return dict(definition['selection']).get(value, value)
        if field._type == 'binary':
            return '[fichier]'
        return str(value)
