"""A stub OpenAI-compatible chat server for m3m's client tests: canned answers, real HTTP.

It checks each request's shape (model, base64 PNG image parts, a text part) and answers by
what the text asks for: FAIL -> 500 every time, FLAKY -> 500 on the first try then 200,
SLOW -> waits 5 s, anything else -> 200. Model stub-huge-box answers a box whose first
coordinate is far beyond Int. Other unknown models get 400. Replies say how many images
came, the Authorization header and the attempt number, so tests can check them.
Models stub-coords-<convention>[-yx][-max<N>] (pixels, resized-pixels, grid1000, grid999, unit)
see: they decode the PNG sent, find the box filled with the colour the text names ("the red
button"), and answer its centre in that convention and order, each in a model's own style
(resized-pixels after Qwen2.5-VL's smart_resize with max_pixels N, default 12845056).
Prints the port it listens on, then serves until killed.
"""
import base64, json, math, re, struct, sys, time, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

attempts = {}

# RGBAColor's named colours in Sources/Screenshots/RGBAImage.swift.
COLOURS = {
    "red": (220, 40, 40), "green": (30, 170, 60), "blue": (40, 100, 230),
    "orange": (245, 140, 20), "magenta": (210, 40, 200), "yellow": (250, 210, 40),
}
boxes_by_image = {}


def decode_png(data):
    """8-bit RGBA, non-interlaced PNG (what m3m writes) -> (width, height, rows)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, width, height = 8, b"", 0, 0
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour == 6, (depth, colour)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    raw, stride, rows, previous = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            row = unfilter_sub(row, width)
        else:
            for i in range(stride):
                left = row[i - 4] if i >= 4 else 0
                up, corner = previous[i], previous[i - 4] if i >= 4 else 0
                if kind == 2:
                    row[i] = (row[i] + up) & 255
                elif kind == 3:
                    row[i] = (row[i] + (left + up) // 2) & 255
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(row))
        previous = row
    return width, height, rows


def unfilter_sub(row, width):
    """PNG's Sub filter undone, jumping over runs of zeros (repeats of the pixel before)."""
    out, pixel, done = bytearray(width * 4), bytes(4), 0
    for x in sorted({m.start() // 4 for m in re.finditer(rb"[^\x00]", row)}):
        out[done * 4:x * 4] = pixel * (x - done)
        pixel = bytes((row[x * 4 + c] + pixel[c]) & 255 for c in range(4))
        out[x * 4:x * 4 + 4] = pixel
        done = x + 1
    out[done * 4:] = pixel * (width - done)
    return out


def colour_boxes(data):
    """Each named colour's bounding box [x1, y1, x2, y2) in the image, by exact RGBA match."""
    key = hash(data)
    if key not in boxes_by_image:
        width, height, rows = decode_png(data)
        boxes = {}
        for name, (r, g, b) in COLOURS.items():
            pattern = bytes((r, g, b, 255))
            for y, row in enumerate(rows):
                start = row.find(pattern)
                while start >= 0 and start % 4:
                    start = row.find(pattern, start + 1)
                if start < 0:
                    continue
                end = row.rfind(pattern)
                while end >= 0 and end % 4:
                    end = row.rfind(pattern, 0, end + 3)
                x1, x2 = start // 4, end // 4 + 1
                if name in boxes:
                    b = boxes[name]
                    boxes[name] = [min(b[0], x1), b[1], max(b[2], x2), y + 1]
                else:
                    boxes[name] = [x1, y, x2, y + 1]
        boxes_by_image[key] = (width, height, boxes)
    return boxes_by_image[key]


def smart_resize(height, width, factor=28, min_pixels=3136, max_pixels=12845056):
    """qwen-vl-utils' smart_resize, as published."""
    h_bar = max(factor, round(height / factor) * factor)
    w_bar = max(factor, round(width / factor) * factor)
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


def coords_answer(model, text, image):
    """The centre of the named colour's box, written as model stub-coords-... would."""
    match = re.fullmatch(r"stub-coords-([a-z0-9-]+?)(-yx)?(?:-max(\d+))?", model)
    convention, yx, maximum = match.group(1), match.group(2), int(match.group(3) or 12845056)
    width, height, boxes = colour_boxes(image)
    colour = next((name for name in COLOURS if "the %s button" % name in text), None)
    if colour is None or colour not in boxes:
        return "I cannot see that button."
    x1, y1, x2, y2 = boxes[colour]
    x, y = (x1 + x2) / 2, (y1 + y2) / 2
    if convention == "pixels":
        x, y = round(x), round(y)
    elif convention == "resized-pixels":
        rh, rw = smart_resize(height, width, max_pixels=maximum)
        x, y = round(x * rw / width), round(y * rh / height)
    elif convention == "grid1000":
        x, y = round(x / width * 1000), round(y / height * 1000)
    elif convention == "grid999":
        x, y = round(x / width * 999), round(y / height * 999)
    elif convention == "unit":
        x, y = round(x / width, 3), round(y / height, 3)
    else:
        return "unknown convention " + convention
    a, b = (y, x) if yx else (x, y)
    if convention in ("pixels", "resized-pixels"):  # UI-TARS style
        return "Thought: the %s button.\nAction: click(start_box='(%s,%s)')" % (colour, a, b)
    if convention == "grid1000":  # Qwen3-VL tool-call style
        return '<tool_call>{"name": "mobile_use", "arguments": {"action": "click", "coordinate": [%s, %s]}}</tool_call>' % (a, b)
    if convention == "unit":  # ShowUI style
        return "[%s, %s]" % (a, b)
    return "click(%s, %s)" % (a, b)


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
        if request["model"].startswith("stub-coords-"):
            answer = coords_answer(request["model"], text, base64.b64decode(images[0].split(",", 1)[1]))
            return self.reply(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]})
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
