"""A target whose admins use ufw or firewalld: the same JobFirst rules (iptables chains under ufw,
the nftables table beside firewalld) do the dropping, so Docker-published ports are covered, and the
manager itself is told to let through what they allow, so its own default-deny does not block the
public ports or our SSH, and `ufw status` / `firewall-cmd --list-all` show them.

Which of those manager rules existed before JobFirst is recorded once on the target (<state>/<name>-before),
so remove and revert delete only what we added, and switch the manager off again only if we switched it on."""
from __future__ import annotations

from .policy import Policy, Rendered

# Shell, after the manager's functions q/add/del (runtime), qp/addp/delp (permanent), running/start/stop.
APPLY = """sh "$d/boot.sh" || exit 1
if [ ! -f "$B" ]; then
  { while IFS= read -r r; do if q "$r"; then printf '%s\\n' "$r"; fi; done < "$W"; running || echo '#inactive'; } > "$B.new"
  mv "$B.new" "$B"
fi
while IFS= read -r r; do q "$r" || add "$r" || exit 1; done < "$W"
running || start || exit 1
if [ -f "$S/previous/$M-wanted" ]; then
  while IFS= read -r r; do grep -qxF "$r" "$W" "$B" || del "$r"; done < "$S/previous/$M-wanted"
fi
"""
REMOVE = """while IFS= read -r r; do grep -qxF "$r" "$B" 2>/dev/null || del "$r"; done < "$W"
if grep -qx '#inactive' "$B" 2>/dev/null; then stop; fi
sh "$d/base-remove.sh"
"""
PERSIST = """while IFS= read -r r; do grep -qxF "$r" "$B" || qp "$r" || addp "$r" || exit 1; done < "$W"
"""
UNPERSIST = """while IFS= read -r r; do grep -qxF "$r" "$B" 2>/dev/null || delp "$r"; done < "$W"
"""


def _script(manager, body: str, facts) -> str:
    return ("#!/bin/sh\n" f"# {manager.name}: see installer/firewall/managed.py\n"
            'd=$(cd "$(dirname "$0")" && pwd); S=$(dirname "$d")\n'
            f'M={manager.name}; W="$d/$M-wanted"; B="$S/$M-before"\n' + manager.functions(facts) + body)


class ManagedBackend:

    def __init__(self, base, manager):
        self.base, self.manager = base, manager
        self.name, self.summary = manager.name, manager.summary
        self.tools = tuple(base.tools) + tuple(manager.tools)

    def render(self, policy: Policy, facts) -> Rendered:
        base = self.base.render(policy, facts)
        wanted = self.manager.wanted(policy, facts)
        files = {k: v for k, v in base.files.items() if k not in ("apply.sh", "remove.sh")}
        files.update({"base-remove.sh": base.files["remove.sh"], "apply.sh": _script(self.manager, APPLY, facts),
                      "remove.sh": _script(self.manager, REMOVE, facts),
                      f"{self.name}-wanted": "".join(w + "\n" for w in wanted)})
        text = base.text + f"# {self.name}\n" + "".join(self.manager.command(w, facts) + "\n" for w in wanted)
        return Rendered(base.tag, text, files)

    def persist_scripts(self, facts) -> tuple[str, str]:
        """Appended to persist.sh / unpersist.sh: the manager's permanent configuration."""
        return _script(self.manager, PERSIST, facts), _script(self.manager, UNPERSIST, facts)

    def missing(self, policy: Policy, facts) -> list[str]:
        present = self.manager.present(facts.sections.get(self.name, ""))
        return [w for w in self.manager.wanted(policy, facts) if w not in present]

    def probe(self, policy: Policy, facts) -> str:
        return self.base.probe(policy, facts) + f"\necho =={self.name}==\n{self.manager.listing(facts)}\necho ==end==\n"
