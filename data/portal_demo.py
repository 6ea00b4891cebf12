# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Family portal demo accounts (sitiv_portail), one per legal guardian, in
the first city: a parent of a two-parent family whose children go to the
canteen, and the two separated parents of the same children (each sees
their own household's invoices). Logins are fixed so the README can list
them; the password is the demo's, not to change at first login. The city
publishes a news item for all and the canteen's rules for its families,
and offers a circus course already full, with its waiting list."""
PASSWORD = 'hestia-demo'
ACCOUNTS = ['famille.demo@example.fr', 'pere.separe@example.fr',
    'mere.separee@example.fr']


def generate(companies):
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('web.user')
    Household = pool.get('sitiv.household')
    if not companies or User.search([('email', 'in', ACCOUNTS)], limit=1):
        return
    company = companies[0]
    Enrolment = pool.get('sitiv.enrolment')
    # A family whose children go to the canteen: they have days to book…
    enrolled = Enrolment.search([('company', '=', company.id),
            ('state', '=', 'enrolled'), ('end_date', '=', None),
            ('activity.domain', '=', 'restauration')],
        order=[('household', 'ASC')])
    # …with an invoice left to pay, to try PayFiP.
    Invoice = pool.get('account.invoice')
    # The family of the oldest such invoice (e2e tests contest the latest).
    due = [i.sitiv_household.id for i in Invoice.search([
                ('company', '=', company.id), ('type', '=', 'out'),
                ('state', '=', 'posted'), ('sitiv_household', '!=', None)],
            order=[('id', 'ASC')])]
    couples = {e.household.id: e.household for e in enrolled
        if len(e.household.heads) == 2}
    family = next((couples[h] for h in due if h in couples),
        None) or next((e.household for e in enrolled
            if len(e.household.heads) == 2), None) or next(
        (h for h in Household.search([('company', '=', company.id),
                    ('members.role', '=', 'child')], order=[('id', 'ASC')])
            if len(h.heads) == 2), None)
    # Separated parents: the father's file and the mother's share a child.
    separated = Household.search([('company', '=', company.id),
            ('situation', '=', 'separated'), ('members.role', '=', 'child')],
        order=[('id', 'ASC')])
    father = mother = None
    for home in separated:
        if not home.heads or home.heads[0].gender != 'male':
            continue
        children = {m.party.id for m in home.members if m.role == 'child'}
        mother = next((h for h in separated if h != home and h.heads
                and h.heads[0].gender == 'female'
                and children & {m.party.id for m in h.members}), None)
        if mother:
            father = home
            break
    vlist = []
    for email, household in zip(ACCOUNTS, [family, father, mother]):
        if household:
            vlist.append({'email': email, 'password': PASSWORD,
                    'party': household.heads[0].id,
                    'portal_company': company.id,
                    'portal_must_change_password': False,
                    'email_valid': True, 'consent_email': True})
    User.create(vlist)

    Publication = pool.get('sitiv.portal.publication')
    Date = pool.get('ir.date')
    canteens = {e.activity for e in enrolled}
    Publication.create([{'company': company.id,
                'title': "Inscriptions aux vacances de Noël",
                'body': "Les inscriptions à l'accueil de loisirs des "
                "vacances de Noël sont ouvertes sur le portail jusqu'au "
                "vendredi précédant les vacances.",
                'publish_from': Date.today()},
            {'company': company.id, 'kind': 'rules',
                'title': "Règlement de la restauration scolaire",
                'body': "Réservations au plus tard deux jours à l'avance ; "
                "tout repas réservé non annulé dans le délai est facturé.",
                'publish_from': Date.today(),
                'activities': [('add', [a.id for a in canteens])],
                }])
    # A course full already: families join its waiting list.
    Activity = pool.get('sitiv.activity')
    Member = pool.get('sitiv.household.member')
    circus, = Activity.create([{'company': company.id,
                'name': "Stage de cirque (vacances d'hiver)",
                'code': 'CIRQUE', 'domain': 'culture', 'unit': 'flat',
                'calendar': 'holidays', 'capacity': 2,
                'full_policy': 'waiting_list'}])
    others = [m for m in Member.search([
                ('household.company', '=', company.id),
                ('role', '=', 'child'),
                ('household', 'not in', [h.id for h in [family, father,
                            mother] if h])],
            order=[('id', 'ASC')], limit=2)]
    enrolments = Enrolment.create([{'company': company.id,
                'household': m.household.id, 'child': m.party.id,
                'activity': circus.id, 'start_date': Date.today()}
            for m in others])
    Enrolment.enrol(enrolments)
