"""One SSH session per target: login (key or password), commands with timeouts, sudo.
paramiko's and the socket layer's errors are translated here into messages for the admin."""
from __future__ import annotations

import errno
import logging
import shlex
import select
import socket
import time
from dataclasses import dataclass

import paramiko

from ..errors import CommandFailed, CommandTimeout, ConnectError, LoginRefused, RemoteError, SudoError
from ..i18n import T
from .hostkeys import KnownHosts, PinnedPolicy

log = logging.getLogger(__name__)

# sudo resets PATH (secure_path) and the locale changes messages we parse: fix both for every command.
PRELUDE = "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C; "


@dataclass
class Result:
    rc: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.rc == 0


FAST_CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")


def _gcm_first(sock, **kwargs) -> paramiko.Transport:
    """AES-GCM first (AES-NI, no separate MAC: ~30 % more MB/s than paramiko's default aes128-ctr, which
    matters for the images); a server without it gets paramiko's usual list."""
    transport = paramiko.Transport(sock, **kwargs)
    options = transport.get_security_options()
    options.ciphers = FAST_CIPHERS + tuple(c for c in options.ciphers if c not in FAST_CIPHERS)
    return transport


class Session:
    def __init__(self, target, asker, known_hosts: KnownHosts | None = None, connect_timeout: int = 10,
                 command_timeout: int = 900):
        self.target, self.asker = target, asker
        self.known = known_hosts or KnownHosts()
        self.connect_timeout, self.command_timeout = connect_timeout, command_timeout
        self.client: paramiko.SSHClient | None = None
        self.sudo_mode = None  # "root" | "nopasswd" | "password" | "none", learned at login
        self.sudo_error = None
        self._sudo_password = None

    @property
    def host(self) -> str:
        return self.target.host

    # -- login -------------------------------------------------------------------------------
    def connect(self) -> "Session":
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(PinnedPolicy(self.target.port, self.target.host_key, self.known,
                                                        self.asker))
        try:
            client.connect(self.host, port=self.target.port, username=self.target.user,
                           pkey=self._private_key(), password=self._login_password(),
                           timeout=self.connect_timeout, banner_timeout=self.connect_timeout,
                           auth_timeout=self.connect_timeout, allow_agent=False, look_for_keys=False,
                           transport_factory=_gcm_first)
        except RemoteError:
            client.close()
            raise
        except Exception as err:  # noqa: BLE001 - every library error becomes a message for the admin
            client.close()
            raise self._connect_error(err) from None
        self.client = client
        self._learn_sudo()
        return self

    def _private_key(self):
        if not self.target.key:
            return None
        passphrase = self.target.key_passphrase.resolve() if self.target.key_passphrase else None
        try:
            return paramiko.PKey.from_path(self.target.key, password=passphrase)
        except paramiko.PasswordRequiredException:
            raise LoginRefused(T("SSH key {key} is encrypted.", "SSH 密钥 {key} 已加密。", key=self.target.key),
                               T("Add key_passphrase: {{env: VAR}} to this target.",
                                 "请为该服务器加上 key_passphrase: {{env: 变量名}}。"), where=self.host) from None
        except (paramiko.SSHException, OSError, ValueError) as err:
            raise LoginRefused(T("Cannot use SSH key {key}: {why}.", "无法使用 SSH 密钥 {key}：{why}。",
                                 key=self.target.key, why=str(err) or type(err).__name__),
                               T("Give the private key file (not the .pub), in OpenSSH or PEM format, and check "
                                 "key_passphrase.", "请给出私钥文件（不是 .pub），格式为 OpenSSH 或 PEM，并检查 key_passphrase。"),
                               where=self.host) from None

    def _login_password(self):
        return self.target.password.resolve() if self.target.password else None

    def _connect_error(self, err: Exception) -> RemoteError:
        where, port, user = self.host, self.target.port, self.target.user
        if isinstance(err, paramiko.AuthenticationException):
            how = T("key {key}", "密钥 {key}", key=self.target.key) if self.target.key else T("password", "密码")
            return LoginRefused(
                T("The server refused the login of user {user} with the {how}.", "服务器拒绝了用户 {user} 使用{how}登录。",
                  user=user, how=how),
                T("Check the user name and that the public key is in ~{user}/.ssh/authorized_keys (or the password), "
                  "and that sshd allows this login method.",
                  "请检查用户名，以及公钥是否在 ~{user}/.ssh/authorized_keys 中（或密码是否正确），并确认 sshd 允许该登录方式。",
                  user=user), where=where)
        if isinstance(err, socket.gaierror):
            return ConnectError(T("Cannot resolve host name {host}.", "无法解析主机名 {host}。", host=where),
                                T("Use the server's IP address, or add it to /etc/hosts.",
                                  "请使用服务器的 IP 地址，或将其加入 /etc/hosts。"), where=where)
        if isinstance(err, paramiko.ssh_exception.NoValidConnectionsError) or (
                isinstance(err, OSError) and err.errno == errno.ECONNREFUSED):
            return ConnectError(T("Connection to {host}:{port} was refused.", "连接 {host}:{port} 被拒绝。",
                                  host=where, port=port),
                                T("Check that sshd runs on the server and listens on port {port}, and that no firewall "
                                  "blocks it.", "请确认服务器上 sshd 正在运行并监听端口 {port}，且没有防火墙拦截。",
                                  port=port), where=where)
        if isinstance(err, (socket.timeout, TimeoutError)) or (
                isinstance(err, OSError) and err.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT)):
            return ConnectError(T("Cannot reach {host}:{port} ({why}).", "无法连接 {host}:{port}（{why}）。",
                                  host=where, port=port, why=str(err) or "timed out"),
                                T("Check the address, that the server is on, and the network path from this "
                                  "workstation.", "请检查地址、服务器是否开机，以及本机到服务器的网络。"), where=where)
        return ConnectError(T("SSH to {host}:{port} failed: {why}.", "SSH 连接 {host}:{port} 失败：{why}。",
                              host=where, port=port, why=str(err) or type(err).__name__),
                            T("Check that this address is an SSH server.", "请确认该地址是 SSH 服务器。"), where=where)

    def _learn_sudo(self) -> None:
        """Find out once how this login becomes root; a failure is kept and raised by run(sudo=True)."""
        self.sudo_error = None
        if self.target.user == "root":
            self.sudo_mode = "root"
        elif self._exec("sudo -n true", None, 30).rc == 0:
            self.sudo_mode = "nopasswd"
        elif not self.target.sudo_password:
            self.sudo_mode = "none"
            self.sudo_error = self._sudo_error(Result(1, "", "a password is required"))
        else:
            self._sudo_password = self.target.sudo_password.resolve()
            self.sudo_mode = "password"
            probe = self._exec("sudo -k -S -p '' true", self._sudo_password.encode() + b"\n", 30)
            if probe.rc != 0:
                self.sudo_error = self._sudo_error(probe)

    # -- commands ----------------------------------------------------------------------------
    def run(self, script: str, *, sudo: bool = False, timeout: float | None = None, input: bytes | str | None = None,
            check: bool = True) -> Result:
        """Run a shell script on the target; with sudo=True as root. check=True raises on rc != 0."""
        command, stdin = self.wrap(script, sudo, input)
        result = self._exec(command, stdin, timeout or self.command_timeout)
        if check and not result.ok:
            raise CommandFailed(
                T("Command failed on the server (exit {rc}): {cmd}\n{err}", "服务器上的命令失败（退出码 {rc}）：{cmd}\n{err}",
                  rc=result.rc, cmd=script.strip().splitlines()[0][:120], err=(result.err or result.out).strip()[-800:]),
                where=self.host)
        return result

    def wrap(self, script, sudo, data):
        data = data.encode() if isinstance(data, str) else (data or b"")
        body = "sh -c " + shlex.quote(PRELUDE + script)
        if not sudo or self.sudo_mode == "root":
            return body, data
        if self.sudo_mode == "nopasswd":
            return "sudo -n -- " + body, data
        if self.sudo_error is not None:
            raise self.sudo_error
        # -k: never use cached credentials, so sudo always reads exactly one password line first.
        return "sudo -k -S -p '' -- " + body, self._sudo_password.encode() + b"\n" + data

    def _sudo_error(self, result: Result) -> SudoError:
        err, user = result.err + result.out, self.target.user
        if "incorrect password" in err or "Sorry, try again" in err:
            return SudoError(T("sudo rejected the password of user {user}.", "sudo 拒绝了用户 {user} 的密码。", user=user),
                             T("Check the value behind sudo_password in the answer file.",
                               "请检查应答文件中 sudo_password 所指向的值。"), code="ssh.sudo_password", where=self.host)
        if "not in the sudoers" in err or "is not allowed to" in err or "may not run sudo" in err:
            return SudoError(T("User {user} may not use sudo on this server.", "用户 {user} 在该服务器上无权使用 sudo。",
                               user=user),
                             T("Ask the server's administrator to grant sudo (e.g. a file in /etc/sudoers.d), or log "
                               "in as root.", "请服务器管理员授予 sudo 权限（例如 /etc/sudoers.d 中的文件），或以 root 登录。"),
                             code="ssh.sudo_refused", where=self.host)
        if result.rc == 127 or "not found" in err:
            return SudoError(T("sudo is not installed on this server.", "该服务器未安装 sudo。"),
                             T("Install sudo, or log in as root.", "请安装 sudo，或以 root 登录。"),
                             code="ssh.sudo_missing", where=self.host)
        return SudoError(T("User {user} needs a password for sudo, and none is given.",
                           "用户 {user} 使用 sudo 需要密码，但没有提供。", user=user),
                         T("Add sudo_password: {{env: VAR}} to this target, or log in as root.",
                           "请为该服务器加上 sudo_password: {{env: 变量名}}，或以 root 登录。"),
                         code="ssh.sudo_password_missing", where=self.host)

    def _exec(self, command: str, stdin: bytes | None, timeout: float) -> Result:
        chan = self.channel()
        log.debug("%s$ %s", self.host, command)
        try:
            chan.exec_command(command)
            if stdin:
                chan.sendall(stdin)
            chan.shutdown_write()
            out, err = self.drain(chan, time.monotonic() + timeout, command)
            rc = chan.recv_exit_status()
        except (socket.error, EOFError, paramiko.SSHException) as error:
            raise self.lost(error) from None
        finally:
            close_quietly(chan)
        return Result(rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))

    def drain(self, chan, deadline, command):
        out, err, exited_at = bytearray(), bytearray(), None
        while True:
            got = False
            while chan.recv_ready():
                out += chan.recv(65536)
                got = True
            while chan.recv_stderr_ready():
                err += chan.recv_stderr(65536)
                got = True
            # End of output ends the read: the exit status may arrive before the last data. A detached
            # child that keeps our stdout open gets half a second after the exit status instead.
            idle = not chan.recv_ready() and not chan.recv_stderr_ready()
            if idle and (chan.eof_received or (exited_at and time.monotonic() - exited_at > 0.5)):
                return bytes(out), bytes(err)
            if chan.exit_status_ready() and exited_at is None:
                exited_at = time.monotonic()
            if time.monotonic() > deadline:
                raise CommandTimeout(T("A command did not finish in time on the server: {cmd}",
                                       "服务器上的命令未能按时完成：{cmd}", cmd=command[-160:]),
                                     T("Check the server's load, or raise ssh.command_timeout.",
                                       "请检查服务器负载，或调大 ssh.command_timeout。"), where=self.host)
            if not got:  # woken by output or end of output (the channel's own pipe), not by polling
                select.select([chan], [], [], 0.05)

    def channel(self):
        if self.client is None:
            self.connect()
        transport = self.client.get_transport()
        if transport is None or not transport.is_active():
            raise self.lost(None)
        try:
            return transport.open_session(timeout=self.connect_timeout)
        except (paramiko.SSHException, EOFError, OSError) as error:
            raise self.lost(error) from None

    def lost(self, error) -> RemoteError:
        return ConnectError(T("The SSH connection to {host} was lost{why}.", "与 {host} 的 SSH 连接已断开{why}。",
                              host=self.host, why=f" ({error})" if error else ""),
                            T("Check the network and run the same command again; finished work is not repeated.",
                              "请检查网络后再次运行同一命令；已完成的工作不会重复。"), code="ssh.lost", where=self.host)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def __enter__(self):
        return self.connect() if self.client is None else self

    def __exit__(self, *exc):
        self.close()


def close_quietly(chan) -> None:
    """Closing a channel of a dead connection raises; the caller reports the lost connection instead."""
    try:
        chan.close()
    except (socket.error, EOFError, paramiko.SSHException):
        pass
