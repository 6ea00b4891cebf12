# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""hestia-soffice: reports converted by LibreOffice without its javaldx
warning and « convert … » lines in every log."""
import os
import shutil
import subprocess
import sys

import pytest

from hestia import soffice


def test_resolve_finds_the_script_beside_python():
    command = soffice.resolve('hestia-soffice --headless %(input_path)s')
    script = os.path.join(os.path.dirname(sys.executable), 'hestia-soffice')
    assert command == f'{script} --headless %(input_path)s'
    assert os.access(script, os.X_OK)
    # Any other converter is left as configured.
    assert soffice.resolve('unoconv -f pdf') == 'unoconv -f pdf'


@pytest.mark.skipif(not shutil.which('soffice'), reason="needs LibreOffice")
def test_conversion_prints_nothing(tmp_path):
    source = tmp_path / 'lettre.txt'
    source.write_text("Bonjour\n")
    result = subprocess.run([sys.executable, '-m', 'hestia.soffice',
            '--headless', f'-env:UserInstallation=file://{tmp_path}/profile',
            '--convert-to', 'pdf', '--outdir', str(tmp_path), str(source)],
        capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, '', '')
    assert (tmp_path / 'lettre.pdf').read_bytes().startswith(b'%PDF')
