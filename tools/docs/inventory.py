# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a Sphinx inventory (objects.inv, version 2) from its plain-text body, for intersphinx without a download.

Usage: python inventory.py SOURCE.txt OUTPUT.inv

SOURCE.txt holds the inventory's lines as Sphinx writes them before compressing: `name domain:role priority uri
display name`, one object a line; blank lines and lines starting with # are left out. Its first two comment lines
`# Project: ...` and `# Version: ...` name the project and its version.
"""

import sys
import zlib


def main(source, output):
    project, version, body = 'unknown', '', []
    with open(source, encoding='utf-8') as handle:
        for line in handle:
            line = line.rstrip('\n')
            if line.startswith('# Project:'):
                project = line.split(':', 1)[1].strip()
            elif line.startswith('# Version:'):
                version = line.split(':', 1)[1].strip()
            elif line.strip() and not line.startswith('#'):
                if len(line.split(None, 4)) != 5:
                    sys.exit('%s: not an inventory line (name domain:role priority uri display name): %r' % (source, line))
                body.append(line + '\n')
    header = ('# Sphinx inventory version 2\n# Project: %s\n# Version: %s\n'
              '# The remainder of this file is compressed using zlib.\n' % (project, version))
    with open(output, 'wb') as handle:
        handle.write(header.encode('utf-8'))
        handle.write(zlib.compress(''.join(body).encode('utf-8'), 9))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n', 2)[1])
    main(sys.argv[1], sys.argv[2])
