# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""`hestia-soffice`: LibreOffice as the reports' converter, quietly.

soffice prints a javaldx warning and a « convert … using filter » line on
every run, into the server's log and every command's output; they are
shown only when the conversion fails. The arguments are soffice's."""
import os
import shlex
import shutil
import subprocess
import sys

NAME = 'hestia-soffice'


def resolve(command):
    """`command` (the [report] convert_command) with `hestia-soffice`
    found beside the Python running Hestia: a virtualenv's bin is not
    always on the PATH of the server that converts."""
    if command.split(' ', 1)[0] != NAME:
        return command
    script = os.path.join(os.path.dirname(sys.executable), NAME)
    found = shlex.quote(script) if os.path.exists(script) else NAME
    return found + command[len(NAME):]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if not soffice:
        print(f"{NAME} : LibreOffice (soffice) introuvable", file=sys.stderr)
        return 127
    result = subprocess.run([soffice, *argv], capture_output=True,
        text=True)
    if result.returncode:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == '__main__':
    sys.exit(main())
