# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Deterministic demo data for the family file.

`families(n, seed)` describes households as plain data (no database);
`insert(specs, companies)` stores them in a few batched creates;
`insert_one_by_one` stores the same data record by record (the plain ORM
path the benchmark compares against). `generate(companies)` is what
`hestia init --demo` calls.

About 1,500 households and 2,500 children by default: couples, single
parents, separated parents sharing children in alternating weeks, blended
families, a few deliberate homonyms, health files, expired documents."""
import datetime
import random
import unicodedata
from dataclasses import dataclass, field

from hestia_base.batch import chunks

SEED = 20261123

LAST_NAMES = [
    "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT",
    "DURAND", "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL",
    "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL",
    "GIRARD", "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS",
    "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUÉRIN",
    "MULLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRIN", "MORIN", "MATHIEU",
    "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER",
    "ROBIN", "MASSON", "SANCHEZ", "GÉRARD", "NGUYEN", "BOYER", "DENIS",
    "LEMAIRE", "DUVAL", "JOLY", "GAUTIER", "ROGER", "ROCHE", "ROY", "NOËL",
    "MEYER", "LUCAS", "MEUNIER", "JEAN", "PÉREZ", "MARCHAND", "DUFOUR",
    "BLANCHARD", "MARIE", "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT",
    "LEROUX", "COLIN", "FERNANDEZ", "BENOÎT", "LEFEVRE-ÉLOY", "DA SILVA",
    "N'DIAYE", "BEN AHMED", "TRAORÉ", "DIALLO", "KACZMAREK", "LE GALL",
    "SAINT-JEAN",
    ]
FEMALE = [
    "Léa", "Chloé", "Manon", "Emma", "Inès", "Jade", "Louise", "Zoé",
    "Camille", "Sarah", "Maëlys", "Anaïs", "Lucie", "Clémence", "Océane",
    "Éloïse", "Noémie", "Juliette", "Ambre", "Romane", "Aïcha", "Yasmine",
    "Héloïse", "Margaux", "Capucine",
    ]
FEMALE_ADULT = [
    "Sophie", "Isabelle", "Nathalie", "Céline", "Aurélie", "Émilie",
    "Stéphanie", "Sandrine", "Hélène", "Valérie", "Claire", "Julie",
    "Fatima", "Karine", "Amélie", "Élodie", "Laëtitia", "Mélanie",
    ]
MALE = [
    "Léo", "Gabriel", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Lucas",
    "Hugo", "Noé", "Théo", "Nathan", "Ethan", "Maël", "Timothée", "Gaël",
    "Loïc", "Mathéo", "Anaël", "Rayan", "Sacha", "Éliott", "Mohamed",
    "Baptiste", "Clément",
    ]
MALE_ADULT = [
    "Nicolas", "Julien", "Sébastien", "Stéphane", "Christophe", "Jérôme",
    "Frédéric", "Olivier", "François", "Cédric", "Mickaël", "Grégory",
    "Karim", "Thierry", "Rémi", "Hervé", "Benoît", "Yannick",
    ]
STREETS = [
    "rue de la République", "avenue Gabriel Péri", "chemin des Érables",
    "rue Jean Jaurès", "place Boileau", "avenue de l'Europe",
    "rue Émile Zola", "allée des Cèdres", "rue du Général Brosset",
    "montée des Soldats", "rue Maurice Audin", "avenue Georges Dimitrov",
    "rue Ampère", "impasse des Lilas", "rue Victor Hugo",
    "boulevard du 8 mai 1945", "rue Lénine", "chemin de la Sablière",
    ]
PROFESSIONS = ['employed', 'employed', 'employed', 'shift_work',
    'unemployed', 'job_seeker', 'parental_leave', 'student']
ALLERGIES = ["Arachide", "Fruits à coque", "Lait de vache", "Œuf",
    "Gluten", "Kiwi", "Pollen de graminées", "Poisson"]
ILLNESSES = ["Asthme", "Diabète de type 1", "Épilepsie", "Drépanocytose"]


@dataclass
class Person:
    key: int
    last_name: str
    first_name: str
    birth_date: datetime.date
    gender: str
    email: str = None
    phone: str = None
    profession: str = None
    allocataire: str = None
    iban: str = None


@dataclass
class Household:
    name: str
    city: int                      # index into the companies
    situation: str
    street: str
    heads: list = field(default_factory=list)      # Person keys
    children: list = field(default_factory=list)   # Person keys
    # (child key, mode, week parity, billing rule, percentage)
    custodies: list = field(default_factory=list)
    quotients: list = field(default_factory=list)  # (start, end, value)
    documents: list = field(default_factory=list)  # (type code, end)


@dataclass
class HealthFile:
    child: int
    diets: list
    allergies: str = None
    pai: bool = False
    illnesses: str = None
    aeeh: bool = False
    mdph: bool = False


@dataclass
class Dataset:
    persons: dict = field(default_factory=dict)
    households: list = field(default_factory=list)
    health: list = field(default_factory=list)

    @property
    def children(self):
        return {c for h in self.households for c in h.children}


def _rib_key(bank, branch, account):
    # The French RIB key, so that demo IBANs pass every check.
    letters = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ',
        '12345678912345678923456789')
    account = account.translate(letters)
    return 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)


def _iban(rng):
    from stdnum import iban
    bank = rng.choice(['30002', '30004', '30006', '10278', '16807', '20041'])
    branch = '%05d' % rng.randrange(100000)
    account = '%011d' % rng.randrange(10 ** 11)
    bban = f'{bank}{branch}{account}{_rib_key(bank, branch, account):02d}'
    return iban.format('FR' + iban.calc_check_digits('FR00' + bban) + bban)


class _Builder:
    def __init__(self, rng, today, cities):
        self.rng = rng
        self.today = today
        self.cities = cities
        self.data = Dataset()

    def person(self, last, first, birth, gender, adult):
        rng = self.rng
        key = len(self.data.persons)
        person = Person(key, last, first, birth, gender)
        if adult:
            slug = ''.join(c for c in (first + '.' + last).lower()
                if c.isalnum() or c == '.')
            person.email = f'{slug}{key}@exemple.fr'
            person.phone = '06 %02d %02d %02d %02d' % tuple(
                rng.randrange(100) for _ in range(4))
            person.profession = rng.choice(PROFESSIONS)
            if rng.random() < 0.6:
                person.allocataire = '%07d' % rng.randrange(10 ** 7)
            if rng.random() < 0.45:
                person.iban = _iban(rng)
        self.data.persons[key] = person
        return key

    def adult(self, last, gender):
        first = self.rng.choice(FEMALE_ADULT if gender == 'female'
            else MALE_ADULT)
        birth = self.today - datetime.timedelta(
            days=self.rng.randrange(25 * 365, 52 * 365))
        return self.person(last, first, birth, gender, True)

    def child(self, last, max_age=17):
        gender = self.rng.choice(['female', 'male'])
        first = self.rng.choice(FEMALE if gender == 'female' else MALE)
        birth = self.today - datetime.timedelta(
            days=self.rng.randrange(60, max_age * 365))
        return self.person(last, first, birth, gender, False)

    def household(self, name, situation, city=None):
        rng = self.rng
        household = Household(
            name=name,
            city=rng.randrange(len(self.cities)) if city is None else city,
            situation=situation,
            street='%d %s' % (rng.randrange(1, 180), rng.choice(STREETS)))
        year = self.today.year
        if rng.random() < 0.3:
            household.quotients.append((datetime.date(year - 1, 1, 1),
                    datetime.date(year - 1, 12, 31),
                    rng.randrange(200, 2400)))
        household.quotients.append((datetime.date(year, 1, 1), None,
                rng.randrange(200, 2400)))
        for code in rng.sample(['DOMICILE', 'IMPOT', 'VACCINS', 'ASSURANCE',
                    'LIVRET', 'CAF'], rng.randrange(1, 4)):
            if code == 'LIVRET':
                end = None
            else:
                # A good share of them expired or about to.
                end = self.today + datetime.timedelta(
                    days=rng.randrange(-120, 330))
            household.documents.append((code, end))
        self.data.households.append(household)
        return household

    def health(self, child):
        rng = self.rng
        health = HealthFile(child=child, diets=[])
        roll = rng.random()
        if roll < 0.5:
            health.allergies = ', '.join(rng.sample(ALLERGIES,
                    rng.randrange(1, 3)))
            health.pai = rng.random() < 0.6
            if health.pai:
                health.diets.append('PAI_BASKET')
        elif roll < 0.7:
            health.illnesses = rng.choice(ILLNESSES)
            health.pai = True
        else:
            health.diets.append(rng.choice(
                    ['NO_PORK', 'NO_MEAT', 'VEGETARIAN', 'GLUTEN_FREE']))
        health.aeeh = rng.random() < 0.1
        health.mdph = health.aeeh or rng.random() < 0.05
        self.data.health.append(health)


def families(count=1500, seed=SEED, cities=2, today=None):
    "Describe `count` households (no database access)."
    rng = random.Random(seed)
    today = today or datetime.date.today()
    builder = _Builder(rng, today, list(range(cities)))
    while len(builder.data.households) < count:
        roll = rng.random()
        last = rng.choice(LAST_NAMES)
        if roll < 0.62:
            # A couple with 1 to 3 children.
            household = builder.household(f"Famille {last}", rng.choice(
                    ['married', 'married', 'pacs', 'cohabiting']))
            other = last if rng.random() < 0.7 else rng.choice(LAST_NAMES)
            household.heads = [builder.adult(last, 'male'),
                builder.adult(other, 'female')]
            household.children = [builder.child(last)
                for _ in range(rng.choice([1, 2, 2, 2, 3, 3]))]
        elif roll < 0.78:
            household = builder.household(f"Famille {last}", 'single_parent')
            household.heads = [builder.adult(last, rng.choice(
                        ['female', 'female', 'male']))]
            household.children = [builder.child(last)
                for _ in range(rng.choice([1, 1, 2]))]
        elif roll < 0.92:
            # Separated parents, one file each, the children shared in
            # alternating weeks and billed half each.
            mother_name = rng.choice(LAST_NAMES)
            city = rng.randrange(len(builder.cities))
            father = builder.household(f"Famille {last}", 'separated', city)
            mother = builder.household(
                f"Famille {mother_name}", 'separated', city)
            father.heads = [builder.adult(last, 'male')]
            mother.heads = [builder.adult(mother_name, 'female')]
            children = [builder.child(last)
                for _ in range(rng.choice([1, 2, 2]))]
            father.children = list(children)
            mother.children = list(children)
            for child in children:
                father.custodies.append(
                    (child, 'alternate_weeks', 'even', 'split', 50))
                mother.custodies.append(
                    (child, 'alternate_weeks', 'odd', 'split', 50))
        elif roll < 0.98:
            # Blended family: a new couple with the children of both, one
            # of whom also lives with the other parent on Wednesdays and
            # weekends.
            household = builder.household(f"Famille {last}", 'blended')
            partner = rng.choice(LAST_NAMES)
            household.heads = [builder.adult(last, 'male'),
                builder.adult(partner, 'female')]
            own = builder.child(last, max_age=8)
            previous = builder.child(partner)
            household.children = [own, previous]
            other_parent = builder.household(
                f"Famille {partner}", 'separated', household.city)
            other_parent.heads = [builder.adult(partner, 'male')]
            other_parent.children = [previous]
            household.custodies.append(
                (previous, 'full', None, 'custody', None))
            other_parent.custodies.append(
                (previous, 'days', None, 'custody', None))
        else:
            # A senior living alone (meal delivery, later).
            household = builder.household(f"{last}", 'widowed')
            senior = builder.adult(last, rng.choice(['female', 'male']))
            builder.data.persons[senior].birth_date = today - \
                datetime.timedelta(days=rng.randrange(66 * 365, 90 * 365))
            builder.data.persons[senior].profession = 'retired'
            household.heads = [senior]
    # Deliberate homonyms: a child typed again in another file, spelt
    # differently (the agent will be warned when it happens for real).
    children = sorted(builder.data.children)
    for key in rng.sample(children, min(6, len(children) // 50)):
        original = builder.data.persons[key]
        # Typed without the accents (« Theo » for « Théo »), or the
        # other way round for LEFEVRE: names still in their usual case.
        copy = builder.person(
            original.last_name.replace('LEFEVRE', 'LEFÈVRE'),
            _without_accents(original.first_name), original.birth_date,
            original.gender, False)
        household = builder.household(
            f"Famille {original.last_name}", 'single_parent')
        household.heads = [builder.adult(original.last_name, 'female')]
        household.children = [copy]
    for key in children:
        if rng.random() < 0.09:
            builder.health(key)
    return builder.data


def _household_values(household, companies, party_ids, document_types):
    members = []
    for sequence, key in enumerate(household.heads):
        members.append({'party': party_ids[key], 'role': 'head',
                'legal_guardian': bool(household.children),
                'sequence': sequence})
    for sequence, key in enumerate(household.children, 10):
        members.append({'party': party_ids[key], 'role': 'child',
                'sequence': sequence})
    postal_code, city = companies[household.city][1:]
    return {
        'name': household.name,
        'company': companies[household.city][0].id,
        'situation': household.situation,
        'residence_street': household.street,
        'residence_postal_code': postal_code,
        'residence_city': city,
        'members': [('create', members)],
        'quotients': [('create', [{
                        'start_date': start, 'end_date': end,
                        'quotient': value,
                        'source': 'caf',
                        } for start, end, value in household.quotients])],
        'documents': [('create', [{
                        'type': document_types[code],
                        'validity_end': end,
                        'received_date': (end - datetime.timedelta(days=365))
                        if end else None,
                        'filename': f'{code.lower()}.pdf',
                        } for code, end in household.documents])],
        }


def _party_values(person, bank_id=None):
    mechanisms = []
    if person.phone:
        mechanisms.append({'type': 'mobile', 'value': person.phone,
                'scope': 'personal'})
    if person.email:
        mechanisms.append({'type': 'email', 'value': person.email,
                'scope': 'personal'})
    return {
        'is_person': True,
        'last_name': person.last_name,
        'first_name': person.first_name,
        'birth_date': person.birth_date,
        'gender': person.gender,
        'professional_situation': person.profession,
        'allocataire_number': person.allocataire,
        'allocataire_regime': 'caf' if person.allocataire else None,
        'contact_mechanisms': [('create', mechanisms)],
        }


def _references(companies):
    from trytond.pool import Pool
    pool = Pool()
    DocumentType = pool.get('sitiv.document.type')
    Diet = pool.get('sitiv.diet')
    Party = pool.get('party.party')
    Bank = pool.get('bank')
    document_types = {t.code: t.id for t in DocumentType.search([])}
    diets = {d.code: d.id for d in Diet.search([])}
    banks = Bank.search([('party.name', '=', "Banque Populaire Démo")])
    if banks:
        bank = banks[0]
    else:
        bank_party, = Party.create([{'name': "Banque Populaire Démo"}])
        bank, = Bank.create([{'party': bank_party.id, 'bic': 'CCBPFRPPLYO'}])
    return document_types, diets, bank


def _city_rows(companies):
    from hestia.bootstrap import DEMO_CITIES
    postal = {c[0]: c[1:] for c in DEMO_CITIES}
    return [(c,) + postal.get(c.party.name, ('69000', "Lyon"))
        for c in companies]


def insert(data, companies, batch_size=200):
    """Store `data` with batched creates. Returns the created households.

    Batches of 200: the framework's browse checks each instance
    against the whole batch, so very large batches grow quadratically."""
    from trytond.pool import Pool
    pool = Pool()
    Party = pool.get('party.party')
    Household = pool.get('sitiv.household')
    Custody = pool.get('sitiv.custody')
    Health = pool.get('sitiv.health')
    Account = pool.get('bank.account')
    companies = _city_rows(companies)
    document_types, diets, bank = _references(companies)

    keys = sorted(data.persons)
    party_ids = {}
    for chunk in chunks(keys, batch_size):
        parties = Party.create([_party_values(data.persons[k])
                for k in chunk])
        party_ids.update(zip(chunk, (p.id for p in parties)))

    accounts = [{
            'bank': bank.id,
            'owners': [('add', [party_ids[p.key]])],
            'numbers': [('create', [{'type': 'iban', 'number': p.iban}])],
            } for p in data.persons.values() if p.iban]
    # bank.account checks its numbers' uniqueness with one OR per record:
    # keep its batches small enough for the SQL builder.
    for chunk in chunks(accounts, 40):
        Account.create(chunk)

    households = []
    for chunk in chunks(data.households, batch_size):
        households.extend(Household.create([
                    _household_values(h, companies, party_ids,
                        document_types) for h in chunk]))

    custodies = []
    for spec, record in zip(data.households, households):
        for child, mode, parity, rule, percentage in spec.custodies:
            values = {'child': party_ids[child], 'household': record.id,
                'mode': mode, 'week_parity': parity,
                'billing_rule': rule, 'billing_percentage': percentage}
            if mode == 'days':
                values.update(wednesday=True, saturday=True, sunday=True)
            custodies.append(values)
    # The custody's household domain depends on each child: the framework
    # validates it with one clause per record, so batches stay moderate.
    for chunk in chunks(custodies, 200):
        Custody.create(chunk)
    Health.create([{
                'child': party_ids[h.child],
                'diets': [('add', [diets[d] for d in h.diets])],
                'has_allergy': bool(h.allergies),
                'allergies': h.allergies,
                'pai': h.pai,
                'illnesses': h.illnesses,
                'aeeh': h.aeeh,
                'mdph': h.mdph,
                } for h in data.health])
    return households


def insert_one_by_one(data, companies):
    """The same data through the plain per-record ORM path (one save per
    record), for the benchmark's comparison."""
    from trytond.pool import Pool
    pool = Pool()
    Party = pool.get('party.party')
    Household = pool.get('sitiv.household')
    companies = _city_rows(companies)
    document_types, _, _ = _references(companies)
    party_ids = {}
    for key, person in data.persons.items():
        values = _party_values(person)
        mechanisms = values.pop('contact_mechanisms')[0][1]
        party = Party(**values)
        party.contact_mechanisms = mechanisms
        party.save()
        party_ids[key] = party.id
    households = []
    for spec in data.households:
        values = _household_values(spec, companies, party_ids,
            document_types)
        members = values.pop('members')[0][1]
        quotients = values.pop('quotients')[0][1]
        documents = values.pop('documents')[0][1]
        household = Household(**values)
        household.members = members
        household.quotients = quotients
        household.documents = documents
        household.save()
        households.append(household)
    return households


def _demo_users(companies):
    "An agent per city and a school nurse; the admin sees health data too."
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    french, = Lang.search([('code', '=', 'fr')])
    group = lambda name: ModelData.get_id('sitiv_famille', name)  # noqa
    admin, = User.search([('login', '=', 'admin')])
    User.write([admin], {'groups': [('add', [group('group_health')])]})
    users = []
    for company in companies:
        slug = company.party.name.split()[-1].split('-')[0].lower()
        users.append({
                'name': f"Agent famille {company.party.name}",
                'login': f'agent.{slug}',
                'password': 'hestia-demo',
                'language': french.id,
                'companies': [('add', [company.id])],
                'company': company.id,
                'groups': [('add', [group('group_family_agent')])],
                })
    users.append({
            'name': "Infirmière scolaire",
            'login': 'sante',
            'password': 'hestia-demo',
            'language': french.id,
            'companies': [('add', [c.id for c in companies])],
            'company': companies[0].id,
            'groups': [('add', [group('group_family_agent'),
                        group('group_health')])],
            })
    existing = {u.login for u in User.search([
                ('login', 'in', [u['login'] for u in users])])}
    User.create([u for u in users if u['login'] not in existing])


def generate(companies, families_count=None, families=None):
    "Demo data for `hestia init --demo` (skipped if already there)."
    from trytond.pool import Pool
    Household = Pool().get('sitiv.household')
    count = families or families_count or 1500
    if Household.search([], limit=1):
        return
    _demo_users(companies)
    insert(globals()['families'](count, cities=len(companies)), companies)


def _without_accents(text):
    return ''.join(c for c in unicodedata.normalize('NFKD', text)
        if not unicodedata.combining(c))
