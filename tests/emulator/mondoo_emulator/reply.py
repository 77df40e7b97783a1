# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the HTTP handler sends back."""

import dataclasses
from typing import Any, Tuple


@dataclasses.dataclass(frozen=True)
class Reply:
    """A JSON answer; `drop` closes the connection without any answer, `close` after this one."""

    status: int
    body: Any = None
    headers: Tuple[Tuple[str, str], ...] = ()
    close: bool = False
    drop: bool = False
