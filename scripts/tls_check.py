"""The TLS chat listener against real clients (openssl s_client, socat, ncat) and sslscan; called
by scripts/tls-check.sh with: JAR. Python 3 stdlib only. Prints one PASS/FAIL line per check and
'tls-check: N passed, M failed'; exits 1 if any failed. The server's log and the certificates stay
in a /tmp/tls-check-* directory (printed at the end)."""
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from chatcheck import Checks, Client, basic_auth, new_admin_password, terminate, wait_for
from prometheus_check import find_java, free_port

checks = Checks("tls-check")
check = checks.check
ADMIN_PASSWORD = new_admin_password()
NOT_TLS = "! This is a Switchboard TLS port: connect with a TLS client"
DRAIN_LINE = "* Server is shutting down; please reconnect in a minute."


def make_certificate(work, name, organisation):
    """The README's command for a self-signed certificate (EC P-256, CN and SAN localhost)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "30", "-subj", f"/CN=localhost/O={organisation}",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", os.path.join(work, f"{name}.key"), "-out", os.path.join(work, f"{name}.crt")],
                   check=True, capture_output=True)


class Tool:
    """A client program in a pipe: lines typed on its stdin, lines read from its stdout."""

    def __init__(self, name, command):
        self.name = name
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, bufsize=0)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in iter(self.process.stdout.readline, b""):
            self.lines.put(raw.decode(errors="replace").rstrip("\r\n"))
        self.lines.put(None)

    def send(self, line):
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def expect(self, pattern, timeout=15):
        """Skips lines until one matches; None on timeout or end of output."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=max(0.05, deadline - time.time()))
            except queue.Empty:
                return None
            if line is None:
                return None
            if re.fullmatch(pattern, line):
                return line
        return None

    def output_until_exit(self, timeout=15):
        seen = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=max(0.05, deadline - time.time()))
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
        return seen

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)


def log_in(tool, nick):
    welcome = tool.expect(r"\* Welcome to Switchboard, guest-\d+!.*")
    tool.send(f"/nick {nick}")
    return welcome is not None and tool.expect(rf"\* You are now known as {nick}") is not None


def chats_with(tool, nick, bob, first_line):
    """The tool's user and the plain user bob each see the other's line in #lobby."""
    tool.send(first_line)
    heard = bob.expect(rf"\[#lobby\] {nick}: {re.escape(first_line)}")
    bob.send(f"hello {nick}, from plain text")
    answered = tool.expect(rf"\[#lobby\] bob: hello {nick}, from plain text")
    return heard is not None and answered is not None


def http_get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    request.add_header("Authorization", basic_auth(ADMIN_PASSWORD))
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def metric(port, name, **labels):
    total = 0.0
    for line in http_get(port, "/actuator/prometheus").splitlines():
        match = re.match(r"^([a-z_]+)(\{[^}]*\})?\s+(\S+)$", line)
        if match and match.group(1) == name:
            tags = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
            if all(tags.get(k) == v for k, v in labels.items()):
                total += float(match.group(3))
    return total


def raw_refusal(port, send=None):
    """A plain-text client on the TLS port: what it is told, and whether it is then closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        if send:
            sock.sendall(send)
        data = b""
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return data.decode(errors="replace"), True
            data += chunk


def sslscan(port):
    out = subprocess.run(["sslscan", "--no-colour", f"127.0.0.1:{port}"], capture_output=True, text=True,
                         timeout=120).stdout
    protocols = dict(re.findall(r"^(SSLv[23]|TLSv1\.[0-3])\s+(enabled|disabled)", out, re.M))
    ciphers = re.findall(r"^(?:Preferred|Accepted)\s+(TLSv1\.[0-3])\s+(\d+) bits\s+(\S+)", out, re.M)
    groups = re.findall(r"^(TLSv1\.[23])\s+(\d+) bits\s+(\S+)", out, re.M)
    return out, protocols, ciphers, groups


def main(jar):
    work = tempfile.mkdtemp(prefix="tls-check-")
    java = find_java()
    make_certificate(work, "chat", "Switchboard first")
    chat, tls, mgmt, irc, ircs = free_port(), free_port(), free_port(), free_port(), free_port()
    log_path = os.path.join(work, "switchboard.log")
    log = open(log_path, "w")
    server = subprocess.Popen(
        [java, "-jar", jar, f"--switchboard.tcp.port={chat}", "--switchboard.tcp.bind-address=127.0.0.1",
         f"--server.port={mgmt}", "--server.address=127.0.0.1", f"--switchboard.tls.port={tls}",
         "--switchboard.tls.bundle=chat", "--switchboard.tls.handshake-timeout=2s",
         f"--switchboard.irc.port={irc}", f"--switchboard.irc.tls-port={ircs}",
         f"--spring.ssl.bundle.pem.chat.keystore.certificate=file:{work}/chat.crt",
         f"--spring.ssl.bundle.pem.chat.keystore.private-key=file:{work}/chat.key",
         "--spring.ssl.bundle.pem.chat.reload-on-update=true", "--spring.ssl.bundle.watch.file.quiet-period=1s"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "SWITCHBOARD_ADMIN_PASSWORD": ADMIN_PASSWORD})
    tools = []
    try:
        ready = wait_for("readiness", lambda: server.poll() is None and "UP" in http_get(mgmt, "/actuator/health/readiness"),
                         timeout=120, interval=0.3)
        check("the jar starts with a TLS listener from a PEM bundle and is ready", ready, log_path)
        if not ready:
            return 1
        ca = os.path.join(work, "chat.crt")
        bob = Client(chat, "bob")

        # openssl s_client: -quiet (no session dump, keeps reading after stdin ends) and
        # -nocommands (a line that is just Q or R is chat, not a command), lines starting Q/R/k.
        s_client = Tool("s_client", ["openssl", "s_client", "-connect", f"127.0.0.1:{tls}", "-CAfile", ca,
                                     "-verify_return_error", "-verify_hostname", "localhost", "-quiet", "-nocommands"])
        tools.append(s_client)
        check("openssl s_client verifies the certificate and gets the greeting over TLS", log_in(s_client, "ann"))
        check("openssl s_client and a plain nc-style user chat in #lobby (lines starting Q, R, k)",
              chats_with(s_client, "ann", bob, "Quick question") and chats_with(s_client, "ann", bob, "R")
              and chats_with(s_client, "ann", bob, "k thanks"))

        socat = Tool("socat", ["socat", "-", f"OPENSSL:localhost:{tls},cafile={ca}"])
        tools.append(socat)
        check("socat OPENSSL: verifies the certificate and logs in", log_in(socat, "cat"))
        check("socat and the plain user chat in #lobby", chats_with(socat, "cat", bob, "socat says hi"))

        ncat = Tool("ncat", ["ncat", "--ssl", "--ssl-verify", "--ssl-trustfile", ca, "localhost", str(tls)])
        tools.append(ncat)
        check("ncat --ssl verifies the certificate and logs in", log_in(ncat, "dan"))
        check("ncat and the plain user chat in #lobby", chats_with(ncat, "dan", bob, "ncat says hi"))
        # IRC over TLS (switchboard.irc.tls-port): same certificate, IRC inside.
        ircs_client = Tool("s_client-irc", ["openssl", "s_client", "-connect", f"127.0.0.1:{ircs}", "-CAfile", ca,
                                            "-verify_return_error", "-verify_hostname", "localhost", "-quiet",
                                            "-nocommands"])
        tools.append(ircs_client)
        ircs_client.send("NICK ivy")
        ircs_client.send("USER ivy 0 * :Ivy over TLS")
        welcomed = ircs_client.expect(r":\S+ 001 ivy .*") is not None
        ircs_client.send("JOIN #lobby")
        joined = ircs_client.expect(r":\S+ 366 ivy #lobby .*") is not None
        ircs_client.send("PRIVMSG #lobby :irc over tls")
        heard = bob.expect(r"\[#lobby\] ivy: irc over tls") is not None
        bob.send("hello ivy")
        answered = ircs_client.expect(r":bob!\S+ PRIVMSG #lobby :hello ivy") is not None
        check("openssl s_client on the IRC-over-TLS port registers, joins #lobby and chats with the plain user",
              welcomed and joined and heard and answered, f"welcomed={welcomed} joined={joined} heard={heard} "
              f"answered={answered}")
        check("the server counts the TLS users apart: connections_active{listener=tls} is 3, {listener=plain} is 1, "
              "{listener=irc-tls} is 1",
              metric(mgmt, "switchboard_connections_active", listener="tls") == 3
              and metric(mgmt, "switchboard_connections_active", listener="plain") == 1
              and metric(mgmt, "switchboard_connections_active", listener="irc-tls") == 1)
        health = http_get(mgmt, "/actuator/health")
        check("health reports both listeners", f'"tls":{{"port":{tls},"listening":true,"connections":3}}' in health
              and f'"plain":{{"port":{chat},"listening":true,"connections":1}}' in health, health[:400])

        said, closed = raw_refusal(tls, b"hello\n")
        check("plain text on the TLS port gets one line in clear, then the close", said.startswith(NOT_TLS) and closed,
              repr(said))
        started = time.time()
        said, closed = raw_refusal(tls)
        waited = time.time() - started
        check("a client that sends nothing on the TLS port is told and closed after handshake-timeout (2 s)",
              said.startswith("! No TLS handshake arrived in time.") and closed and 1.5 < waited < 5,
              f"{waited:.1f} s, {said!r}")
        check("both are counted: switchboard_tls_handshakes_total{outcome=plaintext} and {outcome=timeout}",
              metric(mgmt, "switchboard_tls_handshakes_total", outcome="plaintext") == 1
              and metric(mgmt, "switchboard_tls_handshakes_total", outcome="timeout") == 1)

        out, protocols, ciphers, groups = sslscan(tls)
        print("sslscan: " + ", ".join(f"{p} {s}" for p, s in sorted(protocols.items())) + "; accepted: "
              + ", ".join(f"{p} {c}" for p, _, c in ciphers), flush=True)
        check("sslscan: SSLv2, SSLv3, TLS 1.0 and TLS 1.1 disabled; TLS 1.2 and 1.3 enabled",
              all(protocols.get(p) == "disabled" for p in ("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1"))
              and protocols.get("TLSv1.2") == "enabled" and protocols.get("TLSv1.3") == "enabled", str(protocols))
        weak = [c for _, bits, c in ciphers if int(bits) < 128 or not re.search(r"GCM|CHACHA20", c)
                or re.search(r"NULL|RC4|3DES|DES-CBC|EXP|anon|MD5|CBC", c)]
        check("sslscan: every accepted cipher suite is AEAD with 128 bits or more (no CBC, RC4, 3DES, NULL, export)",
              ciphers and not weak, f"{len(ciphers)} accepted, weak: {weak}")
        check("sslscan: every key exchange group has 128 bits or more (no ffdhe2048)",
              groups and all(int(bits) >= 128 for _, bits, _ in groups), ", ".join(f"{g} {b}" for _, b, g in groups))
        tls12 = [c for p, _, c in ciphers if p == "TLSv1.2"]
        check("sslscan: every TLS 1.2 suite has forward secrecy (ECDHE)", tls12 and all(c.startswith("ECDHE") for c in tls12),
              str(tls12))
        with open(os.path.join(work, "sslscan.txt"), "w") as saved:
            saved.write(out)
        heartbleed = re.findall(r"^(.*) to heartbleed", out, re.M)
        check("sslscan: no protocol vulnerable to Heartbleed, no TLS compression (CRIME)",
              heartbleed and all("not vulnerable" in line for line in heartbleed) and "Compression enabled" not in out,
              "; ".join(heartbleed))

        # Renewal: the files are replaced; new connections get the new certificate, open ones go on.
        make_certificate(work, "renewed", "Switchboard renewed")
        shutil.copy(os.path.join(work, "renewed.key"), os.path.join(work, "chat.key"))
        shutil.copy(os.path.join(work, "renewed.crt"), os.path.join(work, "chat.crt"))

        def served_organisation():
            shown = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{tls}", "-servername", "localhost"],
                                   input=b"", capture_output=True, timeout=15).stdout.decode(errors="replace")
            match = re.search(r"subject=.*O\s*=\s*([^,\n]+)", shown)
            return match.group(1).strip() if match else None

        renewed = wait_for("the renewed certificate", lambda: served_organisation() == "Switchboard renewed",
                           timeout=30, interval=0.5)
        check("a renewed certificate on disk serves new connections without a restart", renewed,
              str(served_organisation()))
        check("a connection opened before the renewal keeps chatting", chats_with(socat, "cat", bob, "still here"))
        new_user = Tool("s_client-renewed", ["openssl", "s_client", "-connect", f"127.0.0.1:{tls}", "-CAfile",
                                             os.path.join(work, "renewed.crt"), "-verify_return_error",
                                             "-verify_hostname", "localhost", "-quiet", "-nocommands"])
        tools.append(new_user)
        check("a client trusting only the renewed certificate logs in", log_in(new_user, "eve"))

        terminate(server, 40)
        check("SIGTERM: TLS users get the drain line like the plain user, then the close",
              all(t.expect(re.escape(DRAIN_LINE)) for t in (s_client, socat, ncat, new_user))
              and bob.expect(re.escape(DRAIN_LINE)) is not None)
    finally:
        for tool in tools:
            tool.stop()
        terminate(server, 20)
        log.close()
        print(f"server log and certificates: {work}", flush=True)
    return 1 if checks.summary() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
