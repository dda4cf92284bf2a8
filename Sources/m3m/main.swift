print("m3m")
