# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx configuration of the docs site (tools/docs.sh builds it; see antsibull-docs sphinx-init for the template).

The source directory is the RST antsibull-docs writes: the collection's index, a page for each module, filter and role
made from their own documentation, and the guides of docs/docsite/rst/. Links to Ansible's documentation resolve
through a local inventory (tools/docs/ansible-devel-objects.txt, compressed by tools/docs.sh): nothing is downloaded.
"""

import os

project = 'mondoo.platform'
copyright = '2026 Mondoo collection contributors'
title = 'Mondoo Platform collection for Ansible'
html_short_title = 'mondoo.platform'
html_title = 'Mondoo Platform collection for Ansible'

extensions = ['sphinx.ext.intersphinx', 'sphinx_antsibull_ext']

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_theme_options = {
    'show_extranav': False,
    'show_rtd_ethical_ads': False,
    'documentation_home_url': 'https://mondoo-community.github.io/ansible-collection-mondoo-platform/',
    # The theme links Ansible's blog, forum and docs here unless told otherwise.
    'topbar_links': {
        'Repository': 'https://github.com/mondoo-community/ansible-collection-mondoo-platform',
        'Issues': 'https://github.com/mondoo-community/ansible-collection-mondoo-platform/issues',
        'Mondoo Platform': 'https://mondoo.com',
    },
}
html_static_path = ['_static']
html_css_files = ['mondoo.css']
html_show_sphinx = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# Ansible's documentation, from a local inventory only: intersphinx reads a file path and fetches nothing.
_INVENTORY = os.environ.get('MONDOO_DOCS_ANSIBLE_INVENTORY') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', '.build', 'docs', 'ansible_devel.inv')
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', _INVENTORY),
}

default_role = 'any'
nitpicky = True
