#!/bin/sh
# Trim a debootstrap tree before `docker import`: nothing the stack runs needs what is removed here.
# Licences stay (usr/share/doc/*/copyright): shipping Debian binaries means shipping their copyright.
set -eu
root="$1"
cd "$root"
rm -rf var/cache/apt/* var/lib/apt/lists/* var/cache/debconf/*-old var/lib/dpkg/*-old var/log/* tmp/*
find usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete
find usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf usr/share/man usr/share/info usr/share/lintian usr/share/linda usr/share/bug
find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
# PostgreSQL's JIT (LLVM, ~130 MB) is switched off in the demo (jit = off): drop it and its libraries.
rm -f usr/lib/postgresql/*/lib/llvmjit*.so usr/lib/x86_64-linux-gnu/libLLVM-*.so* usr/lib/x86_64-linux-gnu/libz3.so*
rm -rf usr/lib/postgresql/*/lib/bitcode
# The package's default cluster and site: the images set up their own at first start.
rm -rf var/lib/postgresql/* etc/postgresql/* etc/nginx/sites-enabled/* etc/ssl/private/ssl-cert-snakeoil.key \
       etc/ssl/certs/ssl-cert-snakeoil.pem
find . -xdev -name __pycache__ -type d -prune -exec rm -rf {} +
: > etc/machine-id
