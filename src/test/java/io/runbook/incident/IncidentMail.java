package io.runbook.incident;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.communication.DispatchByHand;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.testing.TestPorts;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * The mail of one incident as its people receive it, for process tests that run the dispatcher by
 * hand: a real SMTP server (GreenMail, on the port the test configuration sends to), the incident's
 * waiting messages sent from the outbox, and what reached each address.
 */
public final class IncidentMail {

  /** How the copies GreenMail keeps count: it keeps one copy of a message per recipient. */
  public enum Copies {
    /** One entry per message (one Message-ID), however many recipients it had. */
    ONE_PER_MESSAGE,
    /** One entry per copy GreenMail holds: a message to this address and others counts once per recipient. */
    EVERY_COPY
  }

  private IncidentMail() {}

  /** A started SMTP server on {@link TestPorts#SMTP}; the test stops it. */
  public static GreenMail startSmtp() {
    GreenMail smtp = new GreenMail(new ServerSetup(TestPorts.SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return smtp;
  }

  /** Sends the incident's waiting messages as a sender thread of the dispatcher would. */
  public static void dispatch(NotificationDispatcher dispatcher, ProcessInstance incident) {
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
  }

  /** The mails {@code address} received about {@code incident}, one per message, as "subject\n\nbody", oldest first. */
  public static List<String> mailsTo(GreenMail smtp, String address, ProcessInstance incident) throws Exception {
    List<String> mails = new ArrayList<>();
    for (MimeMessage mail : received(smtp, address, incident, Copies.ONE_PER_MESSAGE)) {
      mails.add(mail.getSubject() + "\n\n" + ((String) mail.getContent()).replace("\r\n", "\n"));
    }
    return mails;
  }

  /** Subjects of the mails {@code address} received about {@code incident}, counted as {@code copies} says, oldest first. */
  public static List<String> subjectsTo(GreenMail smtp, String address, ProcessInstance incident, Copies copies)
      throws MessagingException {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage mail : received(smtp, address, incident, copies)) {
      subjects.add(mail.getSubject());
    }
    return subjects;
  }

  /** The messages to {@code address} (a To recipient) whose subject names the incident's business key. */
  private static List<MimeMessage> received(GreenMail smtp, String address, ProcessInstance incident, Copies copies)
      throws MessagingException {
    List<MimeMessage> mails = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      boolean forAddress = Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
      if (forAddress && (copies == Copies.EVERY_COPY || seen.add(mail.getMessageID()))
          && mail.getSubject().contains(incident.getBusinessKey())) {
        mails.add(mail);
      }
    }
    return mails;
  }
}
