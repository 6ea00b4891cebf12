# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The DGFiP PES V2 schemas (set v471, `xsd/`, the DGFiP's files as published)
and their errors in French.

No PES file leaves Hestia without passing `check`; an agent reads what is
wrong as « ligne 47, MtHT : … » rather than libxml2's English."""
import functools
import pathlib
import re

from lxml import etree

XSD = pathlib.Path(__file__).parent / 'xsd'
SCHEMAS = {
    'aller': XSD / 'PES_V2' / 'Rev0' / 'PES_Aller.xsd',
    'acquit': XSD / 'PES_V2' / 'Rev0' / 'PES_V2_Acquit_Autonome.xsd',
    'acquit_v2': XSD / 'PES_V2' / 'Rev0' / 'PES_V2_Acquit_Autonome_V2.xsd',
    # Hestia's own root over the official NS_Recette return classes: the
    # official PES_Retour.xsd of this set enables the dépense part only.
    'retour': XSD / 'hestia' / 'PES_Retour_Recette.xsd',
    }
NAMESPACES = {
    'aller': 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller',
    'acquit': 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour',
    'acquit_v2': 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2',
    'retour': 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour',
    }
ROOTS = {'aller': 'PES_Aller', 'acquit': 'PES_ACQUIT',
    'acquit_v2': 'PES_ACQUIT', 'retour': 'PES_Retour'}


class PesError(Exception):
    "A PES file refused; `errors` are French lines."

    def __init__(self, message, errors=()):
        super().__init__(message)
        self.message = message
        self.errors = list(errors)

    def __str__(self):
        return '\n'.join([self.message] + self.errors)


@functools.lru_cache(maxsize=None)
def schema(kind):
    return etree.XMLSchema(etree.parse(str(SCHEMAS[kind])))


def parse(data):
    "The XML tree of `data`, or PesError when it is not XML at all."
    parser = etree.XMLParser(resolve_entities=False, no_network=True,
        huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exception:
        raise PesError("Le fichier n'est pas un XML lisible.",
            [f"ligne {exception.lineno} : {exception.msg}"])
    # A PES file has no DTD: one is either a mistake or an attack through
    # entities (external files, exponential expansion).
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise PesError("Le fichier contient une déclaration DOCTYPE : un "
            "fichier PES n'en a pas, il est refusé.")
    return root


def kind_of(root):
    "'aller', 'acquit', 'acquit_v2' or 'retour' from the root element."
    qname = etree.QName(root)
    for kind in ['aller', 'acquit_v2', 'acquit', 'retour']:
        if (qname.localname == ROOTS[kind]
                and qname.namespace == NAMESPACES[kind]):
            return kind
    raise PesError("Ce fichier n'est ni un PES Aller, ni un PES Acquit, ni "
        "un PES Retour (élément racine "
        f"« {qname.localname} », espace de noms « {qname.namespace} »).")


def errors(root, kind):
    "French lines for what `root` breaks in the schema of `kind`."
    checker = schema(kind)
    if checker.validate(root.getroottree()):
        return []
    return [french(e) for e in checker.error_log]


def check(data, kinds=None):
    """The tree of `data` once valid against the schema its root names;
    PesError listing every fault, or when its kind is not one of `kinds`."""
    root = parse(data)
    kind = kind_of(root)
    if kinds and kind not in kinds:
        raise PesError("Ce fichier est un %s, pas un %s." % (LABELS[kind],
                " ni un ".join(sorted({LABELS[k] for k in kinds}))))
    faults = errors(root, kind)
    if faults:
        raise PesError(
            f"Le fichier n'est pas conforme au schéma {LABELS[kind]} "
            f"de la DGFiP ({len(faults)} erreur(s)).", faults)
    return root


LABELS = {'aller': "PES Aller", 'acquit': "PES Acquit",
    'acquit_v2': "PES Acquit", 'retour': "PES Retour"}

# libxml2's messages, in the order they are tried, and their French.
_MESSAGES = [
    (r"\[facet 'maxLength'\] The value '(?P<v>.*)' has a length of "
        r"'(?P<n>\d+)'; this exceeds the allowed maximum length of "
        r"'(?P<m>\d+)'",
        "« {v} » a {n} caractères, {m} au plus"),
    (r"\[facet 'minLength'\] The value '(?P<v>.*)' has a length of "
        r"'(?P<n>\d+)'; this underruns the allowed minimum length of "
        r"'(?P<m>\d+)'",
        "« {v} » a {n} caractères, {m} au moins"),
    (r"\[facet 'pattern'\] The value '(?P<v>.*)' is not accepted by the "
        r"pattern '(?P<p>.*)'",
        "« {v} » n'a pas la forme attendue ({p})"),
    (r"\[facet 'enumeration'\] The value '(?P<v>.*)' is not an element of "
        r"the set \{(?P<s>.*)\}",
        "le code « {v} » n'est pas permis (codes permis : {s})"),
    (r"\[facet 'minExclusive'\] The value '(?P<v>.*)' must be greater than "
        r"'(?P<m>.*)'",
        "« {v} » doit être supérieur à {m}"),
    (r"\[facet 'fractionDigits'\] The value '(?P<v>.*)' has more "
        r"fractional digits than are allowed \('(?P<m>\d+)'\)",
        "« {v} » a plus de {m} décimales"),
    (r"\[facet 'totalDigits'\] The value '(?P<v>.*)' has more digits than "
        r"are allowed \('(?P<m>\d+)'\)",
        "« {v} » a plus de {m} chiffres"),
    (r"'(?P<v>.*)' is not a valid value of the atomic type '.*?(?P<t>\w+)'",
        "« {v} » n'est pas une valeur valide ({t})"),
    (r"'(?P<v>.*)' is not a valid value of the (?:local )?atomic type",
        "« {v} » n'est pas une valeur valide"),
    (r"This element is not expected\. Expected is one of \( (?P<e>.*) \)",
        "élément inattendu à cet endroit ; attendu : {e}"),
    (r"This element is not expected\. Expected is \( (?P<e>.*) \)",
        "élément inattendu à cet endroit ; attendu : {e}"),
    (r"This element is not expected\.",
        "élément inattendu à cet endroit"),
    (r"Missing child element\(s\)\. Expected is one of \( (?P<e>.*) \)",
        "élément obligatoire manquant ; attendu : {e}"),
    (r"Missing child element\(s\)\. Expected is \( (?P<e>.*) \)",
        "élément obligatoire manquant : {e}"),
    (r"The attribute '(?P<a>\w+)' is required but missing",
        "l'attribut {a} (la valeur) est obligatoire"),
    (r"The attribute '(?P<a>\w+)' is not allowed",
        "l'attribut {a} n'est pas permis"),
    (r"No matching global declaration available for the validation root",
        "élément racine inconnu du schéma"),
    ]
_ELEMENT = re.compile(r"^Element '(?:\{[^}]*\})?(?P<e>[^']+)'"
    r"(?:, attribute '(?P<a>[^']+)')?: ")


def french(error):
    "One libxml2 schema error as « ligne N, élément E : … »."
    text = error.message
    where = f"ligne {error.line}"
    match = _ELEMENT.match(text)
    if match:
        where += f", élément {match.group('e')}"
        text = text[match.end():]
    for pattern, template in _MESSAGES:
        found = re.search(pattern, text)
        if found:
            return f"{where} : " + template.format(**found.groupdict())
    return f"{where} : {text}"
