"""One module per wizard page, in the order the admin meets them (installer/gui/wizard.py PAGES)."""
