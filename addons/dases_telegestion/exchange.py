# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The loop with SALSA (B6-B9, Annexe 2): flux 2 out, one file per
invoice; the integration log in, which makes invoices final or carries
their rejected beneficiaries to the complementary invoice, tells the
provider by email and prints the PDF invoice."""
from email.message import EmailMessage

from hestia.flatfile import LineError
from hestia.flatfile.layouts import flux2, log_facture

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.sendmail import send_message_transactional
from trytond.transaction import without_check_access
from hestia_base.integration import Importer
from hestia_base.stamp import MINUTE, to_the_minute

ENCODING = 'utf-8'


class PreInvoice(metaclass=PoolMeta):
    __name__ = 'dases.preinvoice'

    flux2_name = fields.Function(fields.Char("Flux 2 File"),
        'get_flux2_name')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'send': {
                    'invisible': Eval('state') != 'validated',
                    'depends': ['state']},
                })

    def get_flux2_name(self, name):
        return f'FLUX2_{self.sad.code}_{self.number}.txt'

    def flux2(self, today):
        "Text of this invoice's flux 2 file."
        header = {
            'tiers_code': self.sad.code,
            'tiers_label': self.sad.name[:50],
            'reference': self.number,
            'creation_date': today,
            'period_start': self.period_start,
            'period_end': self.period_end,
            'financier_code': self.financier_code,
            }
        movement = 'C' if self.kind == 'complementary' else 'N'
        details = [{
                'salsa_id': l.salsa_id, 'last_name': l.last_name,
                'first_name': l.first_name, 'birth_date': l.birth_date,
                'nomenclature': l.nomenclature, 'label': l.label,
                'start': l.start, 'end': l.end, 'quantity': l.quantity,
                'amount': l.amount, 'movement': movement,
                'unit_amount': l.unit_amount,
                } for l in self.lines]
        return flux2.write(header, details)

    @classmethod
    @ModelView.button
    def send(cls, invoices, today=None):
        """Write each invoice's flux 2, kept as its attachment; {file
        name: text}."""
        with without_check_access():
            return cls._send(invoices, today)

    @classmethod
    @Workflow.transition('sent')
    def _send(cls, invoices, today=None):
        Attachment = Pool().get('ir.attachment')
        today = today or Pool().get('ir.date').today()
        files = {i.flux2_name: i.flux2(today) for i in invoices}
        Attachment.create([{
                    'name': i.flux2_name, 'resource': str(i), 'type': 'data',
                    'data': files[i.flux2_name].encode(ENCODING),
                    } for i in invoices])
        cls.record_history(invoices, "flux 2 émis", state='sent')
        return files

    @classmethod
    def export_flux2(cls, company, month, today=None):
        "Send every validated invoice of `month`: {file name: text}."
        invoices = cls.search([
                ('company', '=', company.id),
                ('month', '=', month),
                ('state', '=', 'validated')])
        return cls.send(invoices, today=today) if invoices else {}

    @classmethod
    def integrate(cls, invoice, entry, report):
        """Apply one invoice of SALSA's log (`entry` as log_facture reads
        it): final, or rejected lines carried to the complementary
        invoice; the provider told."""
        pool = Pool()
        Line = pool.get('dases.preinvoice.line')
        Notification = pool.get('dases.sad.notification')
        rejects = {r['salsa_id']: r for r in entry['rejects']}
        if entry['accepted']:
            rejected = []
        elif rejects:
            rejected = [l for l in invoice.lines if l.salsa_id in rejects]
        else:
            rejected = list(invoice.lines)
        accepted = [l for l in invoice.lines if l not in rejected]
        for line in rejected:
            reason = rejects.get(line.salsa_id, {}).get('reason')
            Line.write([line], {'state': 'rejected', 'reject_reason':
                    reason or "facture rejetée par SALSA"})
        if accepted:
            Line.write(accepted, {'state': 'accepted'})
        cls.write([invoice], {'integration_date':
                entry['integration_date'] or Pool().get('ir.date').today()})
        getattr(cls, 'finish' if accepted else 'reject')([invoice])
        cls.record_history([invoice], f"log SALSA {report.filename} : "
            + ("intégrée" if not rejected else
                f"{len(rejected)} ligne(s) rejetée(s)"))
        if rejected:
            cls.carry_rejected(rejected)
        Notification.notify(invoice, accepted, rejected)
        if accepted:
            invoice.print_original()
        return invoice

    @classmethod
    @Workflow.transition('accepted')
    def finish(cls, invoices):
        pass

    @classmethod
    @Workflow.transition('rejected')
    def reject(cls, invoices):
        pass

    def print_original(self):
        "The PDF invoice (B8), kept with the invoice for the provider."
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        InvoiceReport = pool.get('dases.preinvoice.invoice', type='report')
        ext, data, _, name = InvoiceReport.execute([self.id], {})
        Attachment.create([{
                    'name': f'{name}.{ext}', 'resource': str(self),
                    'type': 'data', 'data': bytes(data)}])


class Notification(ModelSQL, ModelView):
    "Provider Notification"
    __name__ = 'dases.sad.notification'

    sad = fields.Many2One('dases.sad', "Provider", required=True,
        readonly=True, ondelete='CASCADE')
    preinvoice = fields.Many2One('dases.preinvoice', "Pre-Invoice",
        readonly=True, ondelete='CASCADE')
    email = fields.Char("Email", readonly=True)
    subject = fields.Char("Subject", readonly=True)
    body = fields.Text("Message", readonly=True)
    date = fields.Function(
        fields.DateTime("Date", format=MINUTE), 'get_date')
    when = fields.Function(fields.Char("Date"), 'get_when')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('id', 'DESC')]

    def get_date(self, name):
        return to_the_minute(self.create_date)

    def get_when(self, name):
        return f'{self.create_date:%d/%m/%Y %H:%M}'

    @classmethod
    def notify(cls, invoice, accepted, rejected):
        "Tell the provider what SALSA did with its invoice (Annexe 2)."
        sad = invoice.sad
        if rejected:
            subject = (f"Facture {invoice.number} : {len(rejected)} "
                "bénéficiaire(s) rejeté(s)")
            body = '\n'.join([
                    f"Bonjour,\n\nSALSA a rejeté de votre facture "
                    f"{invoice.number} ({invoice.month:%m/%Y}, "
                    f"{invoice.financier_code}) :", ''] + [
                    f"- {l.last_name} {l.first_name} ({l.salsa_id}) : "
                    f"{l.reject_reason}" for l in rejected] + ['',
                    "Ces lignes sont reportées sur la facture "
                    "complémentaire du mois, à valider après correction "
                    "du dossier s'il y a lieu."])
        else:
            subject = f"Facture {invoice.number} acceptée"
        if accepted:
            amount = sum(l.amount for l in accepted)
            text = (f"La facture {invoice.number} est définitive pour "
                f"{len(accepted)} ligne(s), {amount:.2f} €. La facture PDF "
                "à joindre au paiement est disponible dans Hestia.")
            body = (body + '\n\n' + text) if rejected else (
                "Bonjour,\n\n" + text)
        notification, = cls.create([{'sad': sad.id,
                    'preinvoice': invoice.id, 'email': sad.email,
                    'subject': subject, 'body': body}])
        if sad.email:
            message = EmailMessage()
            message['To'] = sad.email
            message['Subject'] = subject
            message.set_content(body)
            send_message_transactional(message)
        return notification


class LogImport(Importer):
    """SALSA's invoice integration log (Annexe 2): all or nothing, an
    invoice already integrated is unchanged."""
    kind = 'log-facture'

    def __init__(self, company, today=None):
        super().__init__(company, today=today)
        self.PreInvoice = Pool().get('dases.preinvoice')

    def read(self, data):
        return log_facture.read(data)

    def integrate(self, filename, data, read):
        entries, errors = read
        invoices = {i.number: i for i in self.PreInvoice.search([
                    ('company', '=', self.company.id),
                    ('number', 'in', [e['invoice'] for e in entries])])}
        todo, unchanged, seen = [], 0, {}
        for entry in entries:
            invoice = invoices.get(entry['invoice'])
            if entry['invoice'] in seen:
                errors.append(LineError(entry['line'], "Numéro de facture",
                        gettext('dases_telegestion.msg_log_duplicate',
                            invoice=entry['invoice'],
                            line=seen[entry['invoice']])))
                continue
            seen[entry['invoice']] = entry['line']
            if invoice is None:
                errors.append(LineError(entry['line'], "Numéro de facture",
                        gettext('dases_telegestion.msg_log_unknown_invoice',
                            invoice=entry['invoice'])))
            elif invoice.state in ('accepted', 'rejected'):
                unchanged += 1
            elif invoice.state != 'sent':
                errors.append(LineError(entry['line'], "Numéro de facture",
                        gettext('dases_telegestion.msg_log_not_sent',
                            invoice=entry['invoice'])))
            else:
                known = {l.salsa_id for l in invoice.lines}
                for reject in entry['rejects']:
                    if reject['salsa_id'] not in known:
                        errors.append(LineError(reject['line'],
                                "Clef individu Salsa", gettext(
                                    'dases_telegestion.msg_log_not_in_invoice',
                                    beneficiary=reject['salsa_id'],
                                    invoice=entry['invoice'])))
                todo.append(entry)
        lines = self.line_count(data)
        if errors:
            return self.refuse(filename, data,
                gettext('dases_telegestion.msg_log_refused'), errors, lines)
        report = self.report(filename, data, counts={'lines': lines,
                'updated': len(todo), 'unchanged': unchanged})
        for entry in todo:
            self.PreInvoice.integrate(invoices[entry['invoice']], entry,
                report)
        return report

    def refuse(self, filename, data, message, errors=(), lines=0):
        errors = sorted(errors, key=lambda e: e.line)
        return self.report(filename, data, state='refused', message=message,
            errors=errors, counts={'lines': lines})

