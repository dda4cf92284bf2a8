/// The arguments of one sub-command after parsing against its ``CommandSpec``.
///
/// Options are looked up by ``OptionName`` (`arguments.value(.db)`, or a literal for a
/// command's own options); a name the spec does not declare is a programming error caught by
/// an assertion in debug builds and tests.
struct ParsedArguments {
  /// Positional arguments in order.
  var positionals: [String] = []
  /// Option values by name (every occurrence, in order); flags map to an empty list.
  private var values: [OptionName: [String]] = [:]
  /// The spec parsed against, for checking lookups.
  private let spec: CommandSpec

  /// Parses `arguments` (without the sub-command name) against `spec`.
  ///
  /// Accepts `--name value` and `--name=value`; `--` ends the options.
  /// - Throws: ``UsageError`` for an unknown option, a missing value, or a value given twice to an
  ///   option that takes one.
  init(_ arguments: [String], spec: CommandSpec) throws {
    self.spec = spec
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var spelling = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "=") {
        spelling = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      guard let option = spec.option(OptionName(stringLiteral: spelling)) else {
        throw UsageError(command: spec.name, message: "unknown option '\(spelling)'")
      }
      let name = option.name
      if option.value == nil {
        guard inlineValue == nil else {
          throw UsageError(command: spec.name, message: "'\(name)' takes no value")
        }
        values[name, default: []].append("")
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else {
        guard index < arguments.count else {
          throw UsageError(
            command: spec.name, message: "'\(name)' needs a value (\(option.value ?? "VALUE"))")
        }
        value = arguments[index]
        index += 1
      }
      if !option.repeatable, values[name] != nil {
        throw UsageError(command: spec.name, message: "'\(name)' given more than once")
      }
      values[name, default: []].append(value)
    }
  }

  /// True when the flag was given.
  func flag(_ name: OptionName) -> Bool { values[declared(name)] != nil }

  /// The value of an option, or nil when it was not given.
  func value(_ name: OptionName) -> String? { values[declared(name)]?.last }

  /// Every value of a repeatable option.
  func all(_ name: OptionName) -> [String] { values[declared(name)] ?? [] }

  /// `name` after checking (in debug builds) that the spec declares it.
  private func declared(_ name: OptionName) -> OptionName {
    assert(
      spec.options.contains { $0.name == name },
      "m3m \(spec.name) looks up \(name), which its spec does not declare")
    return name
  }

  /// The value of an option that must be given.
  func required(_ name: OptionName, command: String) throws -> String {
    guard let value = value(name) else {
      throw UsageError(command: command, message: "missing required option '\(name)'")
    }
    return value
  }

  /// The value of a numeric option, or `defaultValue` when absent.
  func number<T: LosslessStringConvertible>(
    _ name: OptionName, default defaultValue: T, command: String
  ) throws -> T {
    guard let text = value(name) else { return defaultValue }
    // `nan` and `inf` parse as Double but are no setting: refused like any other non-number.
    guard let number = T(text), (number as? any BinaryFloatingPoint)?.isFinite ?? true else {
      throw UsageError(command: command, message: "'\(name)' expects a number, got '\(text)'")
    }
    return number
  }

  /// A number option that must be at least `minimum` (a count, a depth, a budget).
  func number<T: LosslessStringConvertible & Comparable>(
    _ name: OptionName, default defaultValue: T, atLeast minimum: T, command: String
  ) throws -> T {
    let number: T = try self.number(name, default: defaultValue, command: command)
    guard number >= minimum else {
      throw UsageError(
        command: command, message: "'\(name)' must be at least \(minimum), got '\(number)'")
    }
    return number
  }

  /// The case of `T` an option names, `defaultValue` when absent.
  /// - Throws: ``UsageError`` listing `T`'s cases for any other word.
  func choice<T: OptionChoice>(_ name: OptionName, default defaultValue: T, command: String) throws
    -> T
  {
    try choice(name, command: command) ?? defaultValue
  }

  /// The case of `T` an option that must be given names.
  func requiredChoice<T: OptionChoice>(_ name: OptionName, command: String) throws -> T {
    guard let chosen: T = try choice(name, command: command) else {
      throw UsageError(
        command: command, message: "missing required option '\(name)' (\(T.choiceList))")
    }
    return chosen
  }

  /// The case of `T` an option names, nil when absent.
  func choice<T: OptionChoice>(_ name: OptionName, command: String) throws -> T? {
    guard let word = value(name) else { return nil }
    guard let chosen = T(rawValue: word) else {
      throw UsageError(
        command: command, message: "unknown \(name) '\(word)' (expected \(T.choiceList))")
    }
    return chosen
  }

  /// The cases of `T` a comma-separated option names (`--tasks a,b`), nil when absent.
  func choices<T: OptionChoice & Hashable>(_ name: OptionName, command: String) throws -> Set<T>? {
    guard let words = value(name) else { return nil }
    var chosen: Set<T> = []
    for word in words.split(separator: ",").map(String.init) {
      guard let one = T(rawValue: word) else {
        throw UsageError(
          command: command, message: "unknown \(name) value '\(word)' (expected \(T.choiceList))")
      }
      chosen.insert(one)
    }
    return chosen
  }
}
