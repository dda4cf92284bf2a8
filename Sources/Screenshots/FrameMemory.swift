internal import CPNGSupport

/// How the C heap treats the large blocks decoded screenshots are (10 MB for 1080×2400).
public enum FrameMemory {
  /// Keeps freed blocks of up to 64 MB in the heap for the next decode instead of returning
  /// them to the system (glibc): each decode otherwise faulted in thousands of fresh zeroed
  /// pages, 8 % of an ingest of real 1080×2400 screenshots. Only freed memory is kept, so the
  /// peak stays that of the frames held at once (bounded by the ingest's image budget). All
  /// threads share one arena, so a frame decoded on a worker and freed on the writer is reused
  /// by either (with an arena each, both kept spare frames: 297 MB peak instead of 230 MB with
  /// two jobs on real 1080×2400). Process-wide: call it at the start of a program that decodes
  /// many screenshots (`m3m ingest`), before its threads start.
  public static func reuseFreedFrames() {
    cpng_keep_freed_blocks()
  }
}
