"""A stub OpenAI-compatible chat server for m3m's client tests: canned answers, real HTTP.

It checks each request's shape (model, base64 PNG image parts, a text part) and answers by
what the text asks for: FAIL -> 500 every time, FLAKY -> 500 on the first try then 200,
SLOW -> waits 5 s, anything else -> 200. Model stub-huge-box answers a box whose first
coordinate is far beyond Int. Other unknown models get 400. Replies say how many images
came, the Authorization header and the attempt number, so tests can check them.
Prints the port it listens on, then serves until killed.
"""
import base64, json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

attempts = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.path != "/v1/chat/completions":
            return self.reply(404, {"error": {"message": "no route " + self.path}})
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        parts = request["messages"][-1]["content"]
        text = "".join(p["text"] for p in parts if p["type"] == "text")
        images = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"]
        for url in images:
            assert url.startswith("data:image/png;base64,"), url[:40]
            assert base64.b64decode(url.split(",", 1)[1])[:4] == b"\x89PNG"
        key = text
        attempts[key] = attempts.get(key, 0) + 1
        if request["model"] == "stub-huge-box":
            # A coordinate far beyond Int: the client must report it unreadable, not trap.
            answer = "<ref>ok</ref><box>[99999999999999999999999,0][1,1]</box>"
            return self.reply(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]})
        if request["model"] != "stub-model":
            return self.reply(400, {"error": {"message": "unknown model " + request["model"]}})
        if "FAIL" in text:
            return self.reply(500, {"error": {"message": "internal error"}})
        if "FLAKY" in text and attempts[key] == 1:
            return self.reply(503, {"error": {"message": "busy"}})
        if "SLOW" in text:
            time.sleep(5)
        answer = "click(<ref>ok</ref><box>[0,0][100,100]</box>) images=%d auth=%s attempt=%d" % (
            len(images), self.headers.get("Authorization", "none"), attempts[key])
        self.reply(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
