# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Clients of the providers (B2) and their matching to the Département's
beneficiaries (B3, G4)."""
import unicodedata

from hestia_base.batch import chunks
from hestia.flatfile import LineError
from hestia.flatfile.layouts import telegestion as layout

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from hestia_base.integration import Importer

MATCH_STATES = [
    ('matched', "Matched"),
    ('resolved', "Resolved by an agent"),
    ('ambiguous', "Ambiguous"),
    ('unmatched', "Not found"),
    ('other', "Not a Département beneficiary"),
    ]


def normalize(name):
    """Name as compared for matching: no accents, case, hyphens, spaces or
    apostrophes (« Le-Gall » = « LE GALL » = « légall »)."""
    text = unicodedata.normalize('NFKD', name or '')
    return ''.join(c for c in text.upper() if c.isalnum())


def match_key(last_name, first_name, birth_date):
    return (normalize(last_name), normalize(first_name), birth_date)


class Client(ModelSQL, ModelView):
    "Provider Client"
    __name__ = 'dases.sad.client'
    _rec_name = 'last_name'

    sad = fields.Many2One('dases.sad', "Provider", required=True,
        ondelete='CASCADE')
    code = fields.Char("Client Code", required=True)
    last_name = fields.Char("Last Name", required=True)
    birth_name = fields.Char("Birth Name")
    first_name = fields.Char("First Name", required=True)
    birth_date = fields.Date("Birth Date", required=True)
    address = fields.Char("Address")
    postal_code = fields.Char("Postal Code")
    city = fields.Char("City")
    phone = fields.Char("Phone")
    department = fields.Boolean("Département Beneficiary",
        help="Declared by the provider as paid for by the Département.")
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        domain=[('company', '=', Eval('company', -1))],
        states={'readonly': ~Eval('match_state').in_(
                ['ambiguous', 'unmatched', 'resolved'])})
    company = fields.Function(fields.Many2One('company.company',
            "Département"), 'on_change_with_company')
    match_state = fields.Selection(MATCH_STATES, "Matching", readonly=True)
    candidates = fields.Many2Many('dases.sad.client-dases.beneficiary',
        'client', 'beneficiary', "Candidates", readonly=True)
    extra_minutes_allowed = fields.Integer("Extra Minutes Allowed",
        help="Minutes the provider may add to each intervention for this "
        "client, set by the Département (0: none).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.sad, t.code),
                'dases_telegestion.msg_client_code_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.match_state, Index.Equality())))
        cls._order = [('last_name', 'ASC'), ('first_name', 'ASC'),
            ('id', 'ASC')]
        cls._buttons.update({
                'rematch': {'invisible': Eval('match_state').in_(
                        ['matched', 'resolved'])},
                })

    @staticmethod
    def default_match_state():
        return 'unmatched'

    @staticmethod
    def default_extra_minutes_allowed():
        return 0

    @fields.depends('sad', '_parent_sad.company')
    def on_change_with_company(self, name=None):
        return self.sad.company.id if self.sad else None

    def get_rec_name(self, name):
        return f'{self.last_name} {self.first_name} ({self.code})'

    @classmethod
    def write(cls, *args):
        # An agent choosing the beneficiary resolves the match for good:
        # later client lists keep it (B3).
        actions = iter(args)
        args = []
        for clients, values in zip(actions, actions):
            if 'beneficiary' in values and 'match_state' not in values:
                values = dict(values, match_state='resolved'
                    if values['beneficiary'] else 'unmatched')
            args.extend((clients, values))
        super().write(*args)
        resolved = sum((c for c, v in zip(args[::2], args[1::2])
                if 'beneficiary' in v), [])
        if resolved:
            Pool().get('dases.intervention').update_beneficiaries(resolved)

    @classmethod
    @ModelView.button
    def rematch(cls, clients):
        cls.match(clients)

    @classmethod
    def match(cls, clients):
        """Match `clients` to beneficiaries of their Département on name
        (or birth name), first name and birth date."""
        Beneficiary = Pool().get('dases.beneficiary')
        by_company = {}
        for client in clients:
            by_company.setdefault(client.sad.company.id, []).append(client)
        to_write = []
        for company, group in by_company.items():
            index = {}
            dates = {c.birth_date for c in group}
            for chunk in chunks(dates, 300):
                for row in Beneficiary.search_read([
                            ('company', '=', company),
                            ('birth_date', 'in', chunk),
                            ], fields_names=['last_name', 'birth_name',
                            'first_name', 'birth_date']):
                    for name in {row['last_name'], row['birth_name']}:
                        if name:
                            index.setdefault(match_key(name,
                                    row['first_name'], row['birth_date']),
                                set()).add(row['id'])
            for client in group:
                found = set()
                for name in {client.last_name, client.birth_name}:
                    if name:
                        found |= index.get(match_key(name,
                                client.first_name, client.birth_date), set())
                # The candidates of this match only, not of earlier ones.
                values = {'candidates': [
                        ('remove', [c.id for c in client.candidates
                                if c.id not in found]),
                        ('add', sorted(found))]}
                if len(found) == 1:
                    values.update(beneficiary=found.pop(),
                        match_state='matched')
                elif found:
                    values.update(beneficiary=None, match_state='ambiguous')
                else:
                    values.update(beneficiary=None, match_state=(
                            'unmatched' if client.department else 'other'))
                to_write.extend(([client], values))
        if to_write:
            super().write(*to_write)
            Pool().get('dases.intervention').update_beneficiaries(clients)


class ClientCandidate(ModelSQL):
    "Client Candidate"
    __name__ = 'dases.sad.client-dases.beneficiary'

    client = fields.Many2One('dases.sad.client', "Client", required=True,
        ondelete='CASCADE')
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, ondelete='CASCADE')


class ClientImport(Importer):
    """The client list of one provider (B2): new clients created and
    matched, known ones updated when they changed (an agent's resolved
    match kept), bad lines rejected with their reason."""
    kind = 'tg-clients'
    fields = ['last_name', 'birth_name', 'first_name', 'birth_date',
        'address', 'postal_code', 'city', 'phone', 'department']

    def __init__(self, company, today=None, sad=None):
        super().__init__(company, today=today, sad=sad)
        self.sad = sad
        self.Client = Pool().get('dases.sad.client')

    def read(self, data):
        return layout.read_clients(data)

    def integrate(self, filename, data, read):
        records, errors = read
        stored = {c.code: c for c in self.Client.search([
                    ('sad', '=', self.sad.id)])}
        seen, created, updated, unchanged = {}, [], [], 0
        for record in records:
            code = record['code']
            if code in seen:
                errors.append(LineError(record.line, "code_client",
                        gettext('dases_telegestion.msg_client_duplicate',
                            code=code, line=seen[code])))
                continue
            seen[code] = record.line
            values = {f: record[f] for f in self.fields}
            values['department'] = bool(values['department'])
            client = stored.get(code)
            changed = client and {f: v for f, v in values.items()
                if getattr(client, f) != v}
            if client is None:
                created.append(dict(values, sad=self.sad.id, code=code))
            elif changed:
                updated.append((client, changed))
            else:
                unchanged += 1
        new = []
        for chunk in chunks(created):
            new += self.Client.create(chunk)
        rematch = list(new)
        if updated:
            self.Client.write(*[a for client, values in updated
                    for a in ([client], values)])
        identity = {'last_name', 'birth_name', 'first_name', 'birth_date',
            'department'}
        rematch += [client for client, values in updated
            if client.match_state != 'resolved' and identity & set(values)]
        self.Client.match(rematch)
        errors.sort(key=lambda e: e.line)
        counts = {'lines': self.line_count(data),
            'created': len(new), 'updated': len(updated),
            'unchanged': unchanged}
        pending = sum(1 for c in rematch
            if c.match_state in ('ambiguous', 'unmatched'))
        message = (gettext('dases_telegestion.msg_clients_to_match',
                count=pending) if pending else None)
        return self.report(filename, data, counts=counts, errors=errors,
            message=message)
