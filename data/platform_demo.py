# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The DASES platform of the demo Département (dases_plateforme): what the
Département publishes, and an account per space (password hestia-demo):
proche.demo@example.fr (a daughter acting for her mother, clocked last
month by Aide et Vie Paris 11), beneficiaire.demo@example.fr (a
beneficiary with CESU chequebooks, for herself), direction.sad@example.fr
(administrator of Aide et Vie Paris 11) and intervenant.demo@example.fr
(one of its care workers), saisie.sad@example.fr (a coordinator of the
CASVP section without software, who types its interventions)."""
from decimal import Decimal

PASSWORD = 'hestia-demo'

CONTENTS = [
    # (kind, audience, title, text)
    ('information', 'public', "L'allocation personnalisée d'autonomie (APA)",
        "L'APA aide les personnes de 60 ans et plus en perte d'autonomie à "
        "payer l'aide dont elles ont besoin pour rester chez elles.\n\n"
        "Le Département fixe un plan d'aide : un nombre d'heures par mois, "
        "la prestation (aide ménagère, aide à la personne) et votre "
        "participation, selon vos revenus."),
    ('information', 'public', "La prestation de compensation du handicap "
        "(PCH)",
        "La PCH finance l'aide humaine dont a besoin une personne "
        "handicapée, adulte ou enfant, décidée par la Maison départementale "
        "des personnes handicapées."),
    ('information', 'public', "La télégestion : comment sont comptées les "
        "heures",
        "À son arrivée et à son départ, l'intervenant du service d'aide à "
        "domicile pointe depuis votre téléphone fixe ou son téléphone "
        "mobile. Le Département ne paie que les heures pointées, dans la "
        "limite de votre plan d'aide.\n\nVous voyez chaque mois sur votre "
        "espace les heures pointées et celles retenues après correction."),
    ('information', 'public', "Le CESU préfinancé",
        "Si vous employez vous-même votre aide à domicile, le Département "
        "vous envoie chaque mois des chèques emploi service universel "
        "(CESU) du montant de votre plan. Vous les remettez à votre "
        "intervenant, qui se fait rembourser par le CRCESU."),
    ('information', 'worker', "Que faire des CESU reçus ?",
        "Envoyez les titres au Centre de remboursement du CESU (CRCESU) avec "
        "le bordereau, ou déposez-les sur votre espace en ligne du CRCESU. "
        "Le remboursement arrive sur votre compte sous quelques jours et "
        "s'affiche sur cette page.\n\nUn titre est valable jusqu'à la fin "
        "du mois de janvier de l'année qui suit son émission."),
    ('faq', 'public', "Qui contacter pour une question sur mon plan "
        "d'aide ?",
        "La Maison des aînés et des aidants de votre arrondissement, ou le "
        "3975 (service gratuit + prix d'un appel), du lundi au vendredi de "
        "8 h 30 à 18 h."),
    ('faq', 'public', "Mon intervenant ne peut pas pointer : que faire ?",
        "Le service d'aide à domicile corrige l'horodatage et en donne le "
        "motif ; vous voyez la correction sur votre espace. Si cela se "
        "répète, signalez-le au Département."),
    ('faq', 'beneficiary', "Comment signaler une hospitalisation ?",
        "Depuis votre dossier, « Déclarer un événement » : choisissez "
        "« Hospitalisation » et la date d'entrée. Le Département prévient "
        "le service d'aide à domicile."),
    ('faq', 'beneficiary', "Un proche peut-il suivre mon dossier ?",
        "Oui, si vous l'autorisez : le Département lui crée un compte "
        "rattaché à votre dossier."),
    ('faq', 'sad', "Quand les factures de télégestion sont-elles "
        "calculées ?",
        "Les pré-factures du mois sont calculées après la réception de vos "
        "fichiers d'interventions ; validez-les avant le 10 du mois."),
    ('faq', 'worker', "Je n'ai pas reçu mon remboursement CESU",
        "Le CRCESU rembourse sous quelques jours ouvrés. S'il n'apparaît "
        "pas ici après trois semaines, contactez le CRCESU."),
    ]
# The smallest PDF readers open: one blank A4 page titled.
GUIDE = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
    b'2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n'
    b'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n'
    b'trailer<</Root 1 0 R>>\n%%EOF\n')


def generate(company):
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('web.user')
    Content = pool.get('dases.platform.content')
    Intervention = pool.get('dases.intervention')
    Book = pool.get('dases.cesu.book')
    Sad = pool.get('dases.sad')
    Declaration = pool.get('dases.platform.declaration')
    if Content.search([('company', '=', company.id)], limit=1):
        return
    Content.create([{'company': company.id, 'kind': kind,
                'audience': audience, 'title': title, 'body': text,
                'sequence': i}
            for i, (kind, audience, title, text) in enumerate(CONTENTS)]
        + [{'company': company.id, 'kind': 'document', 'audience': 'public',
                'title': "Guide du bénéficiaire (PDF)",
                'body': "Vos droits, la télégestion et le CESU en 8 pages.",
                'file': GUIDE, 'filename': 'guide-beneficiaire.pdf'}])
    sad, = Sad.search([('company', '=', company.id),
            ('code', '=', '100000')])
    clocked = Intervention.search([('sad', '=', sad.id),
            ('beneficiary', '!=', None), ('worker', '!=', None)],
        order=[('date', 'DESC'), ('id', 'ASC')], limit=1)
    books = Book.search([('beneficiary.company', '=', company.id)],
        order=[('id', 'ASC')], limit=1)
    accounts = []
    if clocked:
        mother = clocked[0].beneficiary
        accounts += [
            ('proche.demo@example.fr', "Claire " + mother.last_name.title(),
                'beneficiary', {'platform_accesses': [('create', [{
                                'beneficiary': mother.id,
                                'relationship': 'relative'}])]}),
            ('intervenant.demo@example.fr', clocked[0].worker.name.title()
                if clocked[0].worker.name else "Intervenant",
                'worker', {'platform_sad': sad.id,
                    'platform_worker': clocked[0].worker.id})]
    if books:
        person = books[0].beneficiary
        accounts.append(('beneficiaire.demo@example.fr',
                f'{person.first_name.title()} {person.last_name.title()}',
                'beneficiary', {'platform_accesses': [('create', [{
                                'beneficiary': person.id,
                                'relationship': 'self'}])]}))
    accounts.append(('direction.sad@example.fr', "Direction Aide et Vie",
            'sad_admin', {'platform_sad': sad.id}))
    typing = Sad.search([('company', '=', company.id),
            ('integration_mode', '=', 'hestia')], limit=1)
    if typing:
        accounts.append(('saisie.sad@example.fr', "Coordination section",
                'sad_user', {'platform_sad': typing[0].id}))
    # The Département lets Aide et Vie set its own prices up to a ceiling.
    Tariff = pool.get('dases.sad.tariff')
    for tariff in sad.tariffs:
        tariff.max_price = tariff.unit_price + Decimal('1.50')
    Tariff.save(sad.tariffs)
    users = User.create([dict(values, email=email, password=PASSWORD,
                platform_name=name, platform_role=role,
                portal_company=company.id,
                portal_must_change_password=False)
            for email, name, role, values in accounts
            if not User.search([('email', '=', email)])])
    if clocked and users:
        Declaration.declare(users[0], clocked[0].beneficiary, 'absence',
            start_date=clocked[0].date, comment="Séjour chez ma sœur.")
