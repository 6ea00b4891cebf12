# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""argparse in French: usage, help and errors of `hestia` are in the
language of its users. argparse looks its messages up through gettext at
the moment it shows them; `install()` answers that look-up in French."""
import argparse

MESSAGES = {
    'usage: ': "usage : ",
    'options': "options",
    'positional arguments': "arguments",
    'show this help message and exit': "afficher cette aide et quitter",
    "show program's version number and exit":
        "afficher la version et quitter",
    '%(prog)s: error: %(message)s\n': "%(prog)s : erreur : %(message)s\n",
    'the following arguments are required: %s':
        "arguments obligatoires manquants : %s",
    'invalid choice: %(value)r (choose from %(choices)s)':
        "choix invalide : %(value)r (choisir parmi %(choices)s)",
    'argument %(argument_name)s: %(message)s':
        "argument %(argument_name)s : %(message)s",
    'invalid %(type)s value: %(value)r':
        "valeur invalide (%(type)s) : %(value)r",
    'unrecognized arguments: %s': "arguments inconnus : %s",
    'expected one argument': "une valeur est attendue",
    'expected at most one argument': "au plus une valeur est attendue",
    'expected at least one argument': "au moins une valeur est attendue",
    'ambiguous option: %(option)s could match %(matches)s':
        "option ambiguë : %(option)s peut désigner %(matches)s",
    'not allowed with argument %s': "incompatible avec l'argument %s",
    'one of the arguments %s is required':
        "l'un des arguments %s est obligatoire",
    'ignored explicit argument %r': "argument explicite ignoré : %r",
    "can't open '%(filename)s': %(error)s":
        "impossible d'ouvrir « %(filename)s » : %(error)s",
    'unknown parser %(parser_name)r (choices: %(choices)s)':
        "commande inconnue %(parser_name)r (choix : %(choices)s)",
    }
PLURALS = {
    'expected %s argument': ("%s valeur est attendue",
        "%s valeurs sont attendues"),
    }


def gettext(message):
    return MESSAGES.get(message, message)


def ngettext(singular, plural, count):
    if singular in PLURALS:
        return PLURALS[singular][count != 1]
    return gettext(singular if count == 1 else plural)


def install():
    argparse._ = gettext
    argparse.ngettext = ngettext



def entier(text):
    "An integer argument; argparse names the type of a bad value « entier »."
    return int(text)
