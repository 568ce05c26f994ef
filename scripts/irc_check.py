"""Issue 12 "Real clients": Debian's ii (an IRC client), an nc-style text user and a JSON
program share room dev on the packaged jar; each sees the others' lines, joins, nick changes
and quits, exactly once. Usage: python3 scripts/irc_check.py target/switchboard.jar"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from chatcheck import Checks, Client, new_admin_password, terminate, wait_for  # noqa: E402
from prometheus_check import find_java, free_port  # noqa: E402


def ii_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as out:
            return out.read().splitlines()
    except FileNotFoundError:
        return []


def count(lines, pattern):
    return sum(1 for line in lines if re.search(pattern, line))


def main(jar):
    checks = Checks("irc-check")
    java = find_java()
    chat, irc, management = free_port(), free_port(), free_port()
    work = tempfile.mkdtemp(prefix="irc-check-")
    server = ii = None
    try:
        log = open(os.path.join(work, "switchboard.log"), "w")
        server = subprocess.Popen([java, "-jar", jar, f"--switchboard.tcp.port={chat}", f"--switchboard.irc.port={irc}",
                                   "--switchboard.tcp.bind-address=127.0.0.1", f"--server.port={management}",
                                   "--server.address=127.0.0.1", "--switchboard.irc.server-name=irc.check",
                                   f"--switchboard.accounts.data-dir={os.path.join(work, 'data')}"],
                                  stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, "SWITCHBOARD_ADMIN_PASSWORD": new_admin_password()})
        if not wait_for("the IRC port", lambda: socket.create_connection(("127.0.0.1", irc), 1).close() or True):
            checks.check("the server starts", False)
            return checks.summary()
        tom = Client(chat, "tom")
        tom.send("/join dev")
        tom.expect(r"\* You joined #dev \(1 member\)")
        jay = Client(chat, "jay")
        jay.send("/format json")
        jay.send("/join dev")
        jay.expect(r'.*"type":"joined".*"nick":"jay","self":true.*')
        ii = subprocess.Popen(["ii", "-s", "127.0.0.1", "-p", str(irc), "-n", "ivy", "-i", work],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server_in = os.path.join(work, "127.0.0.1", "in")
        wait_for("ii's in FIFO", lambda: os.path.exists(server_in), timeout=20)
        with open(server_in, "w") as fifo:
            fifo.write("/j #dev\n")
        channel = os.path.join(work, "127.0.0.1", "#dev")
        checks.check("the nc user sees ii join #dev", tom.expect(r"\* ivy joined #dev") is not None)
        checks.check("the JSON user sees ii join", jay.expect(r'.*"type":"joined".*"nick":"ivy".*') is not None)
        wait_for("ii's #dev FIFO", lambda: os.path.exists(os.path.join(channel, "in")), timeout=20)
        tom.send("hello from nc")
        jay.send("hello from json")
        with open(os.path.join(channel, "in"), "w") as fifo:
            fifo.write("hello from ii\n")
        checks.check("the nc user gets ii's line", tom.expect(r"\[#dev\] ivy: hello from ii") is not None)
        checks.check("the JSON user gets ii's line",
                     jay.expect(r'.*"from":"ivy","text":"hello from ii".*') is not None)
        tom.send("/nick tom2")
        tom.expect(r"\* You are now known as tom2")
        tom.send("/quit done")
        # ii files a nick change or a quit, which name no channel, under the server.
        outs = [os.path.join(channel, "out"), os.path.join(work, "127.0.0.1", "out")]
        wait_for("ii to see the quit", lambda: count(sum(map(ii_lines, outs), []), r"tom2.*quit") >= 1, timeout=20)
        time.sleep(1)
        lines = sum(map(ii_lines, outs), [])
        print("ii saw:\n  " + "\n  ".join(lines), flush=True)
        checks.check("ii got the nc user's line once", count(lines, r"<tom> hello from nc$") == 1)
        checks.check("ii got the JSON user's line once", count(lines, r"<jay> hello from json$") == 1)
        checks.check("ii saw the nick change once", count(lines, r"tom changed nick to \"?tom2") == 1)
        checks.check("ii saw the quit once", count(lines, r"tom2.*quit") == 1)
        checks.check("ii did not get its own line back", count(lines, r"<ivy> hello from ii") <= 1)
        terminate(ii, 5)
        checks.check("the JSON user sees ii leave when it goes",
                     jay.expect(r'.*"type":"quit".*"nick":"ivy".*') is not None)
        return checks.summary()
    finally:
        if ii is not None:
            terminate(ii, 5)
        if server is not None:
            terminate(server, 15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1]) else 0)
