# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A test double of the DGFiP's PayFiP web service, in place of the SOAP
calls of eopayment's `payfip_ws` backend: it hands out operation ids
(idop) and answers for them with what the test made the family do."""
import datetime
from contextlib import contextmanager
from unittest import mock

from eopayment.payfip_ws import PayFiP, PayFiPError


class PayFiPResponse(dict):
    "What recupererDetailPaiementSecurise returns: keys and attributes."
    __getattr__ = dict.get


class FakePayFiP:
    def __init__(self):
        self.operations = {}

    def get_idop(self, numcli, saisie, exer, refdet, montant, mel,
            url_notification, url_redirect, objet=None, timeout=None):
        idop = f"{len(self.operations) + 1:036d}"
        self.operations[idop] = PayFiPResponse(
            numcli=numcli, saisie=saisie, exer=exer, refdet=refdet,
            montant=montant, mel=mel, objet=objet, resultrans=None,
            url_notification=url_notification)
        return idop

    def get_info_paiement(self, idop, timeout=None):
        operation = self.operations.get(idop)
        if operation is None:
            raise PayFiPError('P1', "IdOp inconnu")
        if operation.resultrans is None:
            raise PayFiPError('P5', "Paiement en cours")
        return operation

    def pay(self, idop, result='P'):
        "The family pays (P), is refused (R) or gives up (A)."
        now = datetime.datetime.now()
        self.operations[idop].update(resultrans=result,
            dattrans=now.strftime('%d%m%Y'), heurtrans=now.strftime('%H%M'),
            numauto='123456' if result == 'P' else None)


@contextmanager
def fake_payfip():
    fake = FakePayFiP()
    with mock.patch.object(PayFiP, 'get_idop',
                lambda self, **kw: fake.get_idop(**kw)), \
            mock.patch.object(PayFiP, 'get_info_paiement',
                lambda self, idop, timeout=None: fake.get_info_paiement(
                    idop)):
        yield fake
