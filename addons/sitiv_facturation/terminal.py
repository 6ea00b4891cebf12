# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Card payment terminals (§2.1.5.3 « TPE »): the counter sends the amount
to the régie's terminal through a driver.  A driver is a class with a
`charge(amount, reference)` method that returns the authorisation number
or raises TerminalError; other drivers plug in through the
`hestia.payment_terminal` entry point group."""
from importlib.metadata import entry_points


class TerminalError(Exception):
    "The terminal refused or could not be reached: the message is shown."


class ManualTerminal:
    """A stand-alone terminal: the agent keys the amount in and types the
    authorisation number printed on the ticket."""
    label = "Saisie manuelle (TPE autonome)"

    def charge(self, amount, reference):
        if not reference:
            raise TerminalError(
                "Saisissez le numéro d'autorisation du ticket du TPE.")
        return reference


class SimulatedTerminal:
    "Accepts every amount: demonstration databases and tests."
    label = "TPE simulé (démonstration)"
    counter = 0

    def charge(self, amount, reference):
        SimulatedTerminal.counter += 1
        return f"SIM{SimulatedTerminal.counter:06d}"


def drivers():
    found = {'manual': ManualTerminal, 'simulated': SimulatedTerminal}
    for entry in entry_points(group='hestia.payment_terminal'):
        found[entry.name] = entry.load()
    return found


def driver(name):
    return drivers()[name or 'manual']()
