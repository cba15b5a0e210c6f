/* What the staff's queue (staff_queue.c) and screen 7's form (support_form.c) share:
 * the reply of a member of staff is written in screen 7's form and sent by staffReply;
 * its answer comes back to the queue. */
#ifndef KABINET_UI_STAFF_QUEUE_H
#define KABINET_UI_STAFF_QUEUE_H

struct app;
struct api_reply;

/* Screen 7's form as the staff's reply to request `id` (its topic shown), sent by
 * staffReply (API_STAFF), the draft kept as screen 7 keeps its own. */
void support_form_staff(struct app *app, const char *id, const char *topic);
/* staffReply's answer (the request with the reply): the thread and the queue show it. */
void staff_queue_replied(struct app *app, const struct api_reply *reply);
/* The queue and an open thread read again (a refusal, an answer lost). */
void staff_queue_reload(struct app *app);

#endif
