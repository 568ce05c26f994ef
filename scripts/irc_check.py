"""Issue 12 "Real clients": Debian's ii and WeeChat headless (IRC clients), two nc-style text
users and a JSON program share room dev on the packaged jar; each sees the others' lines,
actions, joins, nick changes and quits, exactly once.
Usage: python3 scripts/irc_check.py target/switchboard.jar

WeeChat is driven as a person would use it: commands written to its FIFO plugin's pipe
(weechat_fifo_PID, "irc.sb.#dev */me waves") and what it received read from its logger
plugin's files, all in a temporary --dir that is removed afterwards. Its anti-flood queue is
off (irc.server.sb.anti_flood_prio_*=0): by default WeeChat 3.8 holds every line after the
first few for 2 s, and a /quit drops whatever is still queued."""
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from chatcheck import Checks, Client, new_admin_password, terminate, wait_for  # noqa: E402
from prometheus_check import find_java, free_port  # noqa: E402


def file_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as out:
            return out.read().splitlines()
    except FileNotFoundError:
        return []


def count(lines, pattern):
    return sum(1 for line in lines if re.search(pattern, line))


class Recorder:
    """Every line a chat user receives, kept from the moment it is logged in, so that the
    checks can count each event (exactly once) instead of only finding it."""

    def __init__(self, port, nick):
        self.client = Client(port, nick)
        self.nick = nick
        self.lines = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            while (line := self.client.line()) is not None:
                with self.lock:
                    self.lines.append(line)
        except OSError:
            pass

    def send(self, line):
        self.client.send(line)

    def count(self, pattern):
        with self.lock:
            return count(self.lines, pattern)

    def wait(self, pattern, timeout=20):
        return wait_for(f"{self.nick} to get /{pattern}/", lambda: self.count(pattern) >= 1, timeout, 0.1)


class WeeChat:
    """weechat-headless in its own temporary --dir: commands through the FIFO plugin, received
    lines from the logger plugin's files (flushed at once)."""

    def __init__(self, work, port, nick):
        self.home = os.path.join(work, "weechat")
        os.makedirs(self.home)
        commands = ";".join([
            "/set logger.file.flush_delay 0",
            f"/server add sb 127.0.0.1/{port} -notls -nicks={nick} -autojoin=#dev",
            "/set irc.server.sb.anti_flood_prio_high 0",
            "/set irc.server.sb.anti_flood_prio_low 0",
            "/connect sb"])
        self.process = subprocess.Popen(["weechat-headless", "--dir", self.home, "-P", "irc,fifo,logger",
                                         "-r", commands],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.fifo = None

    def started(self):
        self.fifo = wait_for("WeeChat's FIFO", lambda: (glob.glob(os.path.join(self.home, "weechat_fifo_*")) or [None])[0],
                             timeout=20, interval=0.2)
        return self.fifo is not None

    def command(self, text, buffer="irc.sb.#dev"):
        with open(self.fifo, "w") as fifo:
            fifo.write(f"{buffer} *{text}\n")

    def channel_log(self):
        return file_lines(os.path.join(self.home, "logs", "irc.sb.#dev.weechatlog"))

    def wait(self, pattern, timeout=20):
        return wait_for(f"WeeChat to log /{pattern}/", lambda: count(self.channel_log(), pattern) >= 1, timeout, 0.1)


def main(jar):
    checks = Checks("irc-check")
    java = find_java()
    chat, irc, management = free_port(), free_port(), free_port()
    work = tempfile.mkdtemp(prefix="irc-check-")
    server = ii = weechat = None
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
        # Order of arrival: tom (nc), jay (JSON), WeeChat, ii, una (nc); so WeeChat sees an IRC
        # client and a text user join, and the text and JSON users see WeeChat join.
        tom = Recorder(chat, "tom")
        tom.send("/join dev")
        tom.wait(r"\* You joined #dev \(1 member\)")
        jay = Recorder(chat, "jay")
        jay.send("/format json")
        jay.send("/join dev")
        jay.wait(r'.*"type":"joined".*"nick":"jay","self":true.*')
        weechat = WeeChat(work, irc, "wes")
        if not weechat.started():
            checks.check("WeeChat starts with its FIFO (weechat-headless installed?)", False)
            return checks.summary()
        checks.check("the nc user sees WeeChat join #dev", tom.wait(r"\* wes joined #dev$"))
        ii = subprocess.Popen(["ii", "-s", "127.0.0.1", "-p", str(irc), "-n", "ivy", "-i", work],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server_in = os.path.join(work, "127.0.0.1", "in")
        wait_for("ii's in FIFO", lambda: os.path.exists(server_in), timeout=20)
        with open(server_in, "w") as fifo:
            fifo.write("/j #dev\n")
        channel = os.path.join(work, "127.0.0.1", "#dev")
        checks.check("the nc user sees ii join #dev", tom.wait(r"\* ivy joined #dev$"))
        checks.check("the JSON user sees ii join", jay.wait(r'.*"type":"joined".*"nick":"ivy".*'))
        una = Recorder(chat, "una")
        una.send("/join dev")
        una.wait(r"\* You joined #dev \(5 members\)")
        wait_for("ii's #dev FIFO", lambda: os.path.exists(os.path.join(channel, "in")), timeout=20)

        tom.send("hello from nc")
        tom.send("/me nods")
        jay.send("hello from json")
        with open(os.path.join(channel, "in"), "w") as fifo:
            fifo.write("hello from ii\n")
        weechat.command("hello from weechat")
        weechat.command("/me waves from weechat")
        checks.check("the nc user gets ii's line", tom.wait(r"\[#dev\] ivy: hello from ii"))
        checks.check("the JSON user gets ii's line", jay.wait(r'.*"from":"ivy","text":"hello from ii".*'))
        tom.wait(r"\[#dev\] \* wes waves from weechat")
        jay.wait(r'.*"from":"wes","text":"waves from weechat","action":true.*')

        tom.send("/nick tom2")
        tom.wait(r"\* You are now known as tom2")
        weechat.command("/nick wes2")
        tom.wait(r"\* wes is now known as wes2")
        weechat.wait(r"tom is now known as tom2")
        una.send("/quit see you")
        weechat.wait(r"una .*has quit")
        weechat.command("/quit bye from weechat")
        tom.wait(r"\* wes2 quit")
        jay.wait(r'.*"type":"quit".*"nick":"wes2".*')
        checks.check("WeeChat exits after /quit", wait_for("WeeChat to exit", lambda: weechat.process.poll() is not None,
                                                           timeout=10, interval=0.2) is not None)
        tom.send("/quit done")
        # ii files a nick change or a quit, which name no channel, under the server.
        outs = [os.path.join(channel, "out"), os.path.join(work, "127.0.0.1", "out")]
        wait_for("ii to see the quit", lambda: count(sum(map(file_lines, outs), []), r"tom2.*quit") >= 1, timeout=20)
        time.sleep(1)  # time for any duplicate to arrive before counting

        lines = sum(map(file_lines, outs), [])
        print("ii saw:\n  " + "\n  ".join(lines), flush=True)
        checks.check("ii got the nc user's line once", count(lines, r"<tom> hello from nc$") == 1)
        checks.check("ii got the JSON user's line once", count(lines, r"<jay> hello from json$") == 1)
        checks.check("ii got WeeChat's line once", count(lines, r"<wes> hello from weechat$") == 1)
        checks.check("ii saw the nick change once", count(lines, r"tom changed nick to \"?tom2") == 1)
        checks.check("ii saw the quit once", count(lines, r"tom2.*quit") == 1)
        checks.check("ii did not get its own line back", count(lines, r"<ivy> hello from ii") <= 1)

        seen = weechat.channel_log()
        print("WeeChat logged in #dev:\n  " + "\n  ".join(seen), flush=True)
        once = [("the nc user's line, from @tom (first in #dev, so its operator)", r"\t@tom\thello from nc$"),
                ("the nc user's /me as an action", r"\t \*\ttom nods$"),
                ("the JSON user's line", r"\t[@+]?jay\thello from json$"),
                ("ii's line", r"\t[@+]?ivy\thello from ii$"),
                ("its own line (not echoed back)", r"\t[@+]?wes\thello from weechat$"),
                ("its own action (not echoed back)", r"\t \*\twes waves from weechat$"),
                ("ii join", r"-->\tivy \(.*\) has joined #dev$"),
                ("the second nc user join", r"-->\tuna \(.*\) has joined #dev$"),
                ("the nc user's nick change", r"\ttom is now known as tom2$"),
                ("its own nick change", r"\tYou are now known as wes2$"),
                ("the second nc user's quit", r"<--\tuna \(.*\) has quit \(Quit: see you\)$")]
        for what, pattern in once:
            n = count(seen, pattern)
            checks.check(f"WeeChat saw {what} once", n == 1, f"{n} times" if n != 1 else "")

        texts = {"the nc user": (tom, [
            ("WeeChat's join", r"\* wes joined #dev$"),
            ("WeeChat's line", r"\[#dev\] wes: hello from weechat$"),
            ("WeeChat's /me as /me", r"\[#dev\] \* wes waves from weechat$"),
            ("WeeChat's nick change", r"\* wes is now known as wes2$"),
            ("WeeChat's quit", r"\* wes2 quit \(Quit: bye from weechat\)$")]),
            "the JSON user": (jay, [
            ("WeeChat's join", r'.*"type":"joined".*"nick":"wes".*'),
            ("WeeChat's line", r'.*"type":"message".*"from":"wes","text":"hello from weechat"}'),
            ("WeeChat's /me as action: true", r'.*"type":"message".*"from":"wes","text":"waves from weechat","action":true.*'),
            ("WeeChat's nick change", r'.*"type":"nick".*"from":"wes","nick":"wes2".*'),
            ("WeeChat's quit", r'.*"type":"quit".*"nick":"wes2","reason":"Quit: bye from weechat".*')])}
        for who, (user, expected) in texts.items():
            for what, pattern in expected:
                n = user.count(pattern)
                checks.check(f"{who} saw {what} once", n == 1, f"{n} times" if n != 1 else "")
        if checks.results.count(False):
            print("the nc user got:\n  " + "\n  ".join(tom.lines), flush=True)
            print("the JSON user got:\n  " + "\n  ".join(jay.lines), flush=True)
            log.flush()
            print("the server's log ends:\n  " + "\n  ".join(file_lines(log.name)[-30:]), flush=True)

        terminate(ii, 5)
        checks.check("the JSON user sees ii leave when it goes", jay.wait(r'.*"type":"quit".*"nick":"ivy".*'))
        return checks.summary()
    finally:
        for client in (ii, weechat.process if weechat else None):
            if client is not None:
                terminate(client, 5)
        if server is not None:
            terminate(server, 15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1]) else 0)
