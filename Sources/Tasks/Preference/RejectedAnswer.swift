/// A wrong answer to a sample that the page's hierarchy or the graph proves wrong, with why.
public struct RejectedAnswer: Sendable, Codable, Hashable {
  /// How it is proven wrong.
  public enum Reason: String, Sendable, Codable, CaseIterable, Hashable {
    /// The box of another element: the hierarchy shows no element with the answer's text there.
    case boxOfAnotherElement = "box-of-another-element"
    /// A text the page does not show (taken from another page of the same app).
    case textNotOnPage = "text-not-on-page"
    /// An action whose recorded transitions from the page lead elsewhere.
    case edgeLeadsElsewhere = "edge-leads-elsewhere"
    /// A scroll of the same element in another direction, whose recorded transitions lead
    /// elsewhere.
    case wrongScrollDirection = "wrong-scroll-direction"
  }

  /// The answer, in the target's format.
  public var answer: String
  /// How it is proven wrong.
  public var reason: Reason
  /// The proof in words: what the page shows there, or where the action leads.
  public var why: String

  /// A rejected answer.
  public init(answer: String, reason: Reason, why: String) {
    self.answer = answer
    self.reason = reason
    self.why = why
  }
}

/// A sample with the answers a preference corpus pairs against its target.
public struct PreferenceSample: Sendable, Hashable {
  /// The sample, as `corpus build` makes it.
  public var sample: TaskSample
  /// Verified wrong answers, each paired with the target.
  public var rejected: [RejectedAnswer]
  /// The preferred answer: the sample's target.
  public var chosen: String { sample.target }

  /// A sample and its rejected answers.
  public init(sample: TaskSample, rejected: [RejectedAnswer]) {
    self.sample = sample
    self.rejected = rejected
  }
}
