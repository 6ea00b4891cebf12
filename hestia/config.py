# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Find and load the trytond configuration used by every hestia command."
import os
from dataclasses import dataclass


class HestiaError(Exception):
    "An error shown to the user as one French line, without traceback."


class UsageError(HestiaError):
    "The command was called wrongly (exit code 2)."


@dataclass
class Paths:
    config_file: str
    database_path: str
    web_root: str



def _default_config():
    "trytond.conf of the current folder, else the repository's."
    candidates = [
        os.path.join(os.getcwd(), 'trytond.conf'),
        os.path.join(os.path.dirname(os.path.dirname(
                    os.path.abspath(__file__))), 'trytond.conf'),
        ]
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    return candidates[0]


def load_config(path=None):
    "Load the configuration; relative paths are relative to its folder."
    import trytond.config as config
    path = path or os.environ.get('HESTIA_CONFIG') or _default_config()
    if not os.path.isfile(path):
        raise HestiaError(f"fichier de configuration introuvable : {path}")
    path = os.path.abspath(path)
    config.update_etc(path)
    base = os.path.dirname(path)

    def absolute(section, option, default):
        value = os.environ.get(
            f'TRYTOND_{section.upper()}__{option.upper()}') or config.get(
            section, option, default=default)
        value = os.path.join(base, value)
        config.set(section, option, value)
        return value

    from .soffice import resolve
    if command := config.get('report', 'convert_command', default=None):
        config.set('report', 'convert_command', resolve(command))
    database_path = absolute('database', 'path', 'var/db')
    web_root = absolute('web', 'root', 'var/sao')
    if config.get('database', 'uri', default='').startswith('sqlite'):
        os.makedirs(database_path, exist_ok=True)
    return Paths(path, database_path, web_root)
