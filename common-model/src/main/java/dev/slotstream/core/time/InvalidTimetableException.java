package dev.slotstream.core.time;

/** A timetable that does not fit its slot; the message names the rule it breaks and the numbers. */
public final class InvalidTimetableException extends IllegalArgumentException {
  public InvalidTimetableException(String message) {
    super(message);
  }
}
