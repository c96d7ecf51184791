"""Every button and form id kmbot's messages carry: the vocabulary between the messages the
core sends and the router that handles the clicks and forms coming back.

Ids are stable dotted strings: platforms echo them back in their payloads, so renaming one
breaks the buttons of messages already sent. Adapters may read them (to render a settings
control natively); they never invent their own.
"""

from __future__ import annotations

# The weekly prompt
PROMPT_ANSWER = "prompt.answer"  # opens the answer form (also the form's own id)
PROMPT_SKIP = "prompt.skip"
PROMPT_SKIP_REASON = "prompt.skip_reason"  # value "PROMPT_ID:REASON"
REPLY_HELPFUL = "reply.helpful"  # on a shared answer in the feed
REPLY_EDIT = "reply.edit"  # opens the edit form of one's own answer (also the form's id)
REPLY_WITHDRAW = "reply.withdraw"
HELPED_OPEN = "helped.open"  # after "Who helped you this week?": name them to thank them
LESSON_OPEN = "lesson.open"  # opens the lesson form

# A reply typed while a prompt is open, waiting for its author to confirm it
DRAFT_SAVE = "draft.save"
DRAFT_EDIT = "draft.edit"  # opens the answer form with the typed text in it
DRAFT_DISCARD = "draft.discard"

# Peer check-ins
CHECKIN_MET = "checkin.met"
CHECKIN_NOT_YET = "checkin.not_yet"
CHECKIN_COULD_NOT = "checkin.could_not"
CHECKIN_SKIP_NEXT = "checkin.skip_next"
CHECKIN_REJOIN = "checkin.rejoin"

# Leaders
REPLY_THANK = "reply.thank"  # a lead thanks the author of an answer
NUDGE_LESSON = "nudge.lesson"
NUDGE_THANK = "nudge.thank"
NUDGE_SNOOZE = "nudge.snooze"

# Ask up: a member's question to their leads
ASK_ANSWER = "ask.answer"  # on the question a lead gets; opens the answer form
# Data rights: `delete my data` asks first
PRIVACY_DELETE = "privacy.delete"  # value: the member's id, so only they can confirm
PRIVACY_KEEP = "privacy.keep"

# Events: answering an invitation, and the lesson captured afterwards
EVENT_GOING = "event.going"
EVENT_NOT_GOING = "event.not_going"
EVENT_CAPTURE = "event.capture"  # opens the capture form

# Sponsors: the monthly summary's thank-you, shown first and sent only once confirmed
SPONSOR_THANK = "sponsor.thank"  # value: the summary's id; shows the message and who it reaches
SPONSOR_THANK_SEND = "sponsor.thank_send"
SPONSOR_THANK_CANCEL = "sponsor.thank_cancel"

# Pilots: the baseline pulse, one item at a time
PILOT_PULSE = "pilot.pulse"  # value "ANSWER_ID:ITEM:CHOICE" (ITEM find, ask or hours)
# Pilots: a review's decision (value "PILOT_ID:WEEK", week 0 the final review); Adjust and
# Stop open a reason form (also the form's own id)
PILOT_CONTINUE = "pilot.continue"
PILOT_ADJUST = "pilot.adjust"
PILOT_STOP = "pilot.stop"
# Pilots: the sponsor's own words for the showcase (value: the pilot's id); the button opens
# the form (also the form's own id)
PILOT_WORDS = "pilot.words"

# Settings controls (a home view or card) that do what a typed command does
SETTINGS_PAUSE = "settings.pause"
SETTINGS_RESUME = "settings.resume"
SETTINGS_OPT_OUT = "settings.opt_out"
SETTINGS_OPT_IN = "settings.opt_in"
SETTINGS_TZ = "settings.tz"

# Members' stake in what is asked: proposing, voting on, reviewing and rating questions
QUESTION_PROPOSE = "question.propose"  # opens the proposal form (also the form's own id)
QUESTION_CONFIRM = "question.confirm"  # value "PROPOSAL_ID:named" or "PROPOSAL_ID:anonymous"
QUESTION_CANCEL = "question.cancel"
QUESTION_AS_ANSWER = "question.as_answer"  # "propose …" was meant as an answer after all
QUESTION_VOTE = "question.vote"  # value: the proposal's id
QUESTION_APPROVE = "question.approve"
QUESTION_DECLINE = "question.decline"  # opens the reason form (also the form's own id)
QUESTION_RATE = "question.rate"  # value "PROMPT_ID:good" or "PROMPT_ID:not_for_me"

# Forms
ANSWER_FORM = PROMPT_ANSWER
LESSON_FORM = "lesson.submit"
REPLY_EDIT_FORM = REPLY_EDIT
HELPED_FORM = "helped.submit"
CHECKIN_LEARNING_FORM = "checkin.learning"
ASK_ANSWER_FORM = "ask.reply"

# The archive
ARCHIVE_HELPED = "archive.helped"  # "This helped me" on a search result
ARCHIVE_SEARCH = "archive.search"  # opens the search form (also the form's own id)
EVENT_CAPTURE_FORM = "event.lesson"
